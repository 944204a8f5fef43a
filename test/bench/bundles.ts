import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { build, type Plugin } from 'esbuild';
import { median } from './stats.ts';

const run = promisify(execFile);

/**
 * Bundle size and cold-start import time of each function, bundled as the CDK construct bundles
 * it for Lambda (infra/constructs/pipeline-function.ts: ESM, minified, node24, the createRequire
 * banner, source maps, `@aws-sdk/*` left to the runtime), against the same handler bundled the
 * naive way (CommonJS, the whole of `zod` through `import { z } from 'zod'`). Import time is
 * measured inside fresh `node` processes (not counting Node's own start), median of N.
 */

/** Copied from pipeline-function.ts (not exported there): ESM bundles still meet `require`. */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

export interface BundleFigure {
  name: string;
  bundleKb: number;
  sourceMapKb: number;
  importMs: number;
  /** The same fresh import of only the @aws-sdk packages the bundle imports (the runtime's SDK). */
  sdkImportMs: number;
  naiveBundleKb: number | undefined;
  baselineImportMs: number | undefined;
  error?: string;
}

/**
 * The naive bundle: `import * as z from 'zod/mini'` replaced by the namespace of full zod (what
 * `import { z } from 'zod'` keeps: every locale), required from CommonJS so nothing is shaken out.
 */
const naiveZod: Plugin = {
  name: 'naive-zod',
  setup(b) {
    b.onResolve({ filter: /^zod\/mini$/ }, () => ({ path: 'zod-namespace', namespace: 'naive-zod' }));
    b.onLoad({ filter: /.*/, namespace: 'naive-zod' }, () => ({
      contents: "const { z } = require('zod'); module.exports = z;",
      loader: 'js',
      resolveDir: process.cwd(),
    }));
  },
};

/** One fresh `node` process: the time its `import()` of the file takes, Node's own start excluded. */
async function timeImport(file: string, env: Record<string, string>): Promise<number> {
  const url = pathToFileURL(file).href;
  const script = `const t = performance.now(); await import(${JSON.stringify(url)}); process.stdout.write(String(performance.now() - t));`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
    env,
    timeout: 30_000,
  });
  const ms = Number(stdout);
  if (!Number.isFinite(ms)) throw new Error(`import printed ${stdout.slice(0, 80)}`);
  return ms;
}

const kb = (file: string) => statSync(file).size / 1024;

export async function measureBundles(options: {
  repoRoot: string;
  runs: number;
  /**
   * The environment the functions run with (each parses its configuration at import, and refuses
   * to start without it): the local stack's, taken from the synthesized template.
   */
  environment: Record<string, string>;
  onProgress?: (line: string) => void;
}): Promise<{ functions: BundleFigure[]; emptyImportMs: number; outDir: string }> {
  const { repoRoot, runs } = options;
  // As the construct sets it for every function.
  const environment = { ...options.environment, NODE_OPTIONS: '--enable-source-maps' };
  const functionsDir = join(repoRoot, 'functions');
  const names = readdirSync(functionsDir).filter((n) => existsSync(join(functionsDir, n, 'handler.ts')));
  // A temporary folder whose node_modules is the repository's: the external @aws-sdk/* resolve
  // as the Lambda runtime's would.
  const outDir = mkdtempSync(join(tmpdir(), 'pf-bench-bundles-'));
  symlinkSync(join(repoRoot, 'node_modules'), join(outDir, 'node_modules'), 'dir');
  const empty = join(outDir, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');

  // Build everything first, then time the imports interleaved (run 1 of every file, run 2 of every
  // file, ...), so a busy moment on the machine is shared by all the figures it would skew.
  const functions: BundleFigure[] = [];
  const files = new Map<
    string,
    { figure: BundleFigure; key: 'importMs' | 'sdkImportMs' | 'baselineImportMs' }
  >();
  for (const name of names) {
    const entry = join(functionsDir, name, 'handler.ts');
    const lambdaDir = join(outDir, name);
    const naiveDir = join(outDir, `${name}-naive`);
    mkdirSync(lambdaDir);
    mkdirSync(naiveDir);
    const figure: BundleFigure = {
      name,
      bundleKb: Number.NaN,
      sourceMapKb: Number.NaN,
      importMs: Number.NaN,
      sdkImportMs: Number.NaN,
      naiveBundleKb: undefined,
      baselineImportMs: undefined,
    };
    functions.push(figure);
    try {
      const built = await build({
        entryPoints: [entry],
        outfile: join(lambdaDir, 'index.mjs'),
        metafile: true,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        minify: true,
        sourcemap: true,
        mainFields: ['module', 'main'],
        banner: { js: ESM_REQUIRE_BANNER },
        external: ['@aws-sdk/*'],
        absWorkingDir: repoRoot,
        logLevel: 'silent',
      });
      figure.bundleKb = kb(join(lambdaDir, 'index.mjs'));
      figure.sourceMapKb = kb(join(lambdaDir, 'index.mjs.map'));
      files.set(join(lambdaDir, 'index.mjs'), { figure, key: 'importMs' });
      const output = Object.entries(built.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))?.[1];
      const sdk = [
        ...new Set(
          (output?.imports ?? [])
            .filter((i) => i.external && i.path.startsWith('@aws-sdk/'))
            .map((i) => i.path),
        ),
      ];
      const sdkOnly = join(outDir, `${name}-sdk.mjs`);
      writeFileSync(sdkOnly, sdk.map((p) => `import ${JSON.stringify(p)};`).join('\n') || 'export {};');
      files.set(sdkOnly, { figure, key: 'sdkImportMs' });

      await build({
        entryPoints: [entry],
        outfile: join(naiveDir, 'index.cjs'),
        bundle: true,
        platform: 'node',
        format: 'cjs',
        target: 'node20',
        minify: true,
        sourcemap: true,
        external: ['@aws-sdk/*'],
        // CommonJS has no import.meta: the usual shim, so the handler can find its files.
        define: { 'import.meta.url': '__import_meta_url' },
        banner: { js: "const __import_meta_url = require('url').pathToFileURL(__filename).href;" },
        plugins: [naiveZod],
        absWorkingDir: repoRoot,
        logLevel: 'silent',
      });
      figure.naiveBundleKb = kb(join(naiveDir, 'index.cjs'));
      files.set(join(naiveDir, 'index.cjs'), { figure, key: 'baselineImportMs' });
    } catch (error) {
      figure.error = describe(error);
    }
  }

  const samples = new Map<string, number[]>([[empty, []]]);
  for (const file of files.keys()) samples.set(file, []);
  const failed = new Set<string>();
  for (let r = 0; r < runs; r++) {
    for (const [file, list] of samples) {
      if (failed.has(file)) continue;
      try {
        list.push(await timeImport(file, environment));
      } catch (error) {
        failed.add(file);
        const owner = files.get(file);
        if (owner) owner.figure.error = `${owner.key}: ${describe(error)}`;
      }
    }
    if ((r + 1) % 5 === 0) options.onProgress?.(`imports: ${r + 1}/${runs} rounds`);
  }
  for (const [file, { figure, key }] of files) {
    const list = samples.get(file) ?? [];
    if (!failed.has(file) && list.length) figure[key] = median(list);
  }
  return { functions, emptyImportMs: median(samples.get(empty) ?? []), outDir };
}

function describe(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  const text = e.stderr || e.message || String(error);
  return (
    text
      .split('\n')
      .find((l) => /Error/.test(l))
      ?.trim() ??
    text.split('\n')[0] ??
    'failed'
  );
}

export function removeBundles(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
}
