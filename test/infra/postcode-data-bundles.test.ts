import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { WEB_BUNDLE_FILES } from '../../infra/stacks/stateless-stack.ts';
import { POSTCODE_DISTRICTS_FILE } from '../../shared/domain/postcode-lookup.ts';
import { functionMetafile, LAMBDA_ESBUILD } from '../support/function-bundle.ts';

/**
 * The shipped postcode lookup (~170 KB of data) belongs only to the staff function, which names a
 * receiving council, and there only behind `await import()` (shared/domain/postcode-lookup.ts),
 * reading its data from a file beside the bundle: as code it was ~240 KB of the staff bundle,
 * parsed at every cold start. Every function reaches shared/domain/transfer.ts through
 * shared/config.ts, so one static import of the lookup from there would put it into every bundle.
 * Bundled as the CDK construct bundles (infra/constructs/pipeline-function.ts).
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const DATA = 'shared/domain/data/postcode-districts.json';
const LOOKUP = 'shared/domain/postcode-lookup.ts';

const inputsOf = async (name: string) => (await functionMetafile(name)).inputs;

describe('the postcode lookup data in the Lambda bundles', () => {
  const names = readdirSync(join(root, 'functions')).filter((n) =>
    existsSync(join(root, 'functions', n, 'handler.ts')),
  );

  it('is code in no bundle, and a file beside the staff bundle only', { timeout: 60_000 }, async () => {
    for (const name of names) {
      expect(Object.keys(await inputsOf(name)), name).not.toContain(DATA);
      const copied = WEB_BUNDLE_FILES(name).filter((f) => 'from' in f && f.from === DATA);
      expect(copied, name).toEqual(name === 'staff' ? [{ from: DATA, to: POSTCODE_DISTRICTS_FILE }] : []);
    }
  });

  it('reaches the staff function only through a dynamic import', { timeout: 60_000 }, async () => {
    const inputs = await inputsOf('staff');
    const importers = Object.entries(inputs).flatMap(([file, input]) =>
      input.imports.filter((i) => i.path === LOOKUP).map((i) => ({ file, kind: i.kind })),
    );
    expect(importers).toEqual([{ file: 'functions/staff/case-actions.ts', kind: 'dynamic-import' }]);
  });

  it('bundled, reads the copy beside the bundle', { timeout: 60_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'pf-postcode-bundle-'));
    try {
      // node_modules for zod is bundled; the file is copied as the staff bundle's hook copies it.
      await build({
        ...LAMBDA_ESBUILD,
        absWorkingDir: root,
        entryPoints: [join(root, LOOKUP)],
        outfile: join(out, 'index.mjs'),
      });
      const target = join(out, POSTCODE_DISTRICTS_FILE);
      mkdirSync(dirname(target), { recursive: true });
      cpSync(join(root, DATA), target);
      const bundled = (await import(
        pathToFileURL(join(out, 'index.mjs')).href
      )) as typeof import('../../shared/domain/postcode-lookup.ts');
      expect(Object.keys(bundled.shippedPostcodeDistricts.districts)).toHaveLength(2223);
      // Without the copy the bundle has nothing to read: it fails rather than finding no council.
      rmSync(target);
      const second = join(out, 'again.mjs');
      cpSync(join(out, 'index.mjs'), second);
      await expect(import(pathToFileURL(second).href)).rejects.toThrow(/ENOENT/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
