import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

/**
 * The shipped postcode lookup (~140 KB of data) belongs only to the staff function, which names a
 * receiving council, and there only behind `await import()` (shared/domain/postcode-lookup.ts).
 * Every function reaches shared/domain/transfer.ts through shared/config.ts, so one static import
 * of the data from there would put it into every bundle and every cold start. Bundled as the CDK
 * construct bundles (infra/constructs/pipeline-function.ts), without writing anything.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const DATA = 'shared/domain/data/postcode-districts.json';
const LOOKUP = 'shared/domain/postcode-lookup.ts';

async function inputsOf(name: string) {
  const built = await build({
    entryPoints: [join(root, 'functions', name, 'handler.ts')],
    outfile: join(root, 'unused', name, 'index.mjs'),
    write: false,
    metafile: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    external: ['@aws-sdk/*'],
    absWorkingDir: root,
    logLevel: 'silent',
  });
  return built.metafile.inputs;
}

describe('the postcode lookup data in the Lambda bundles', () => {
  const names = readdirSync(join(root, 'functions')).filter((n) =>
    existsSync(join(root, 'functions', n, 'handler.ts')),
  );

  it('is in no function but staff', { timeout: 60_000 }, async () => {
    for (const name of names.filter((n) => n !== 'staff')) {
      expect(Object.keys(await inputsOf(name)), name).not.toContain(DATA);
    }
  });

  it('reaches the staff function only through a dynamic import', { timeout: 60_000 }, async () => {
    const inputs = await inputsOf('staff');
    expect(Object.keys(inputs)).toContain(DATA);
    const importers = Object.entries(inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => i.path === LOOKUP).map((i) => ({ file, kind: i.kind })),
    );
    expect(importers).toEqual([{ file: 'functions/staff/case-actions.ts', kind: 'dynamic-import' }]);
    const dataImporters = Object.entries(inputs).filter(([, input]) =>
      input.imports.some((i) => i.path === DATA),
    );
    expect(dataImporters.map(([file]) => file)).toEqual([LOOKUP]);
  });
});
