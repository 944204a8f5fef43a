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
import { build, type Metafile, type Plugin } from 'esbuild';
import { LAMBDA_ESBUILD, sdkImportsOf } from '../support/function-bundle.ts';
import { median } from './stats.ts';

const run = promisify(execFile);

/**
 * Bundle size and cold-start import time of each function, bundled as the CDK construct bundles
 * it for Lambda (infra/constructs/pipeline-function.ts: ESM, minified, node24, the createRequire
 * banner, source maps, the AWS SDK bundled in), against the same handler bundled the naive way
 * (CommonJS, the whole of `zod` through `import { z } from 'zod'`, the SDK left to the runtime).
 * Import time is measured inside fresh `node` processes (not counting Node's own start), median of N.
 */

/** The class the floor makes of each package (cold-start.ts), so the bundle keeps just that. */
const FLOOR_CLIENTS: Record<string, string> = {
  '@aws-sdk/client-dynamodb': 'DynamoDBClient',
  '@aws-sdk/lib-dynamodb': 'DynamoDBDocumentClient',
  '@aws-sdk/client-sqs': 'SQSClient',
  '@aws-sdk/client-sesv2': 'SESv2Client',
  '@aws-sdk/client-secrets-manager': 'SecretsManagerClient',
};

/**
 * The cold start's like-for-like floor: only what the floor uses of the SDK packages (each
 * package's client, and the DynamoDB commands it replays), bundled as the functions are, so it is
 * tree-shaken as theirs is. Exports `packages`: `{ '@aws-sdk/client-dynamodb': { DynamoDBClient,
 * PutItemCommand, ... }, ... }`; a package without a known client is imported whole.
 */
export async function buildSdkFloorBundle(
  outFile: string,
  packages: string[],
  dynamoDbOperations: string[],
  repoRoot: string,
): Promise<void> {
  const lines: string[] = [];
  const entries: string[] = [];
  packages.forEach((pkg, i) => {
    const names = [
      ...(FLOOR_CLIENTS[pkg] ? [FLOOR_CLIENTS[pkg]] : []),
      ...(pkg === '@aws-sdk/client-dynamodb'
        ? [...new Set(dynamoDbOperations)].map((op) => `${op}Command`)
        : []),
    ];
    if (names.length === 0) {
      lines.push(`import * as p${i} from ${JSON.stringify(pkg)};`);
      entries.push(`${JSON.stringify(pkg)}: p${i}`);
      return;
    }
    lines.push(
      `import { ${names.map((n) => `${n} as p${i}_${n}`).join(', ')} } from ${JSON.stringify(pkg)};`,
    );
    entries.push(`${JSON.stringify(pkg)}: { ${names.map((n) => `${n}: p${i}_${n}`).join(', ')} }`);
  });
  await build({
    ...LAMBDA_ESBUILD,
    stdin: {
      contents: `${lines.join('\n')}\nexport const packages = { ${entries.join(', ')} };\n`,
      resolveDir: repoRoot,
      loader: 'js',
    },
    outfile: outFile,
    absWorkingDir: repoRoot,
  });
}

export interface BundleFigure {
  name: string;
  bundleKb: number;
  sourceMapKb: number;
  importMs: number;
  /** The same fresh import of only the @aws-sdk packages the bundle imports (the runtime's SDK). */
  sdkImportMs: number;
  /** Where the cold start's like-for-like floor is bundled (buildSdkFloorBundle). */
  sdkFloorBundle: string;
  naiveBundleKb: number | undefined;
  baselineImportMs: number | undefined;
  /** What dominates the bundle (esbuild's metafile): npm packages and source folders, KB in the output. */
  topModules: { module: string; kb: number }[];
  /** The @aws-sdk/* packages imported at start; `lazySdkPackages` are imported when first used. */
  sdkPackages: string[];
  lazySdkPackages: string[];
  /** The bundle's index.mjs, with the files a web function reads beside it (as deployed). */
  bundleFile: string;
  error?: string;
}

/** An input file's owner: its npm package, or its source folder (`shared/web`, `functions/notify`). */
function ownerOf(path: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg?.[1]) return pkg[1];
  return path.split('/').slice(0, 2).join('/');
}

/** The largest owners of a bundle's bytes (after minification and tree shaking). */
export function topModules(output: Metafile['outputs'][string] | undefined, count = 8) {
  const bytes = new Map<string, number>();
  for (const [path, input] of Object.entries(output?.inputs ?? {})) {
    bytes.set(ownerOf(path), (bytes.get(ownerOf(path)) ?? 0) + input.bytesInOutput);
  }
  return [...bytes]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([module, b]) => ({ module, kb: Math.round((b / 1024) * 10) / 10 }));
}

/**
 * The files a web function reads beside its bundle, made as the CDK bundling hook makes them
 * (infra/constructs/pipeline-function.ts runs the same scripts with the same arguments).
 */
async function addBundleFiles(repoRoot: string, name: string, bundleDir: string): Promise<void> {
  if (!existsSync(join(repoRoot, 'functions', name, 'views'))) return;
  const { WEB_BUNDLE_FILES } = await import('../../infra/stacks/stateless-stack.ts');
  for (const files of WEB_BUNDLE_FILES(name)) {
    const args =
      'build' in files
        ? [
            join(repoRoot, files.build),
            join(bundleDir, files.to),
            ...(files.inputs ?? []).map((i) => join(repoRoot, i)),
          ]
        : [
            join(repoRoot, 'infra/constructs/copy-files.mjs'),
            join(repoRoot, files.from),
            join(bundleDir, files.to),
            ...(files.suffixes ?? []),
          ];
    await run(process.execPath, args, { cwd: repoRoot });
  }
}

/**
 * The naive bundle: `import * as z from 'zod/mini'` replaced by the namespace of full zod (what
 * `import { z } from 'zod'` keeps: every locale), required from CommonJS so nothing is shaken out.
 * zod/mini's own functions that full zod's namespace lacks (`z.partial`, which full zod has as a
 * method) come from zod/mini, so every handler imports: route's did not.
 */
const naiveZod: Plugin = {
  name: 'naive-zod',
  setup(b) {
    b.onResolve({ filter: /^zod\/mini$/ }, () => ({ path: 'zod-namespace', namespace: 'naive-zod' }));
    b.onLoad({ filter: /.*/, namespace: 'naive-zod' }, () => ({
      // zod/v4/mini is zod/mini by another name, which this plugin's filter leaves alone.
      contents:
        "const { z } = require('zod'); module.exports = Object.assign({}, require('zod/v4/mini'), z);",
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

type ImportKey = 'importMs' | 'sdkImportMs' | 'baselineImportMs';

/** The bundles built, before their imports are timed. */
export interface BuiltBundles {
  functions: BundleFigure[];
  outDir: string;
  files: Map<string, { figure: BundleFigure; key: ImportKey }>;
  empty: string;
}

/**
 * The functions' environment as the construct sets it: no NODE_OPTIONS (source maps are not read
 * at run time, infra/constructs/pipeline-function.ts), and none inherited from the bench's shell.
 */
export const lambdaEnvironment = (environment: Record<string, string>) => {
  const { NODE_OPTIONS: _ignored, ...rest } = environment;
  return rest;
};

/**
 * Every functions/<name>/handler.ts bundled as for Lambda (web functions with the files they
 * read beside them) and the naive way, in a temporary folder whose node_modules is the
 * repository's: the external @aws-sdk/* resolve as the Lambda runtime's would.
 */
export async function buildBundles(repoRoot: string): Promise<BuiltBundles> {
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
  const files = new Map<string, { figure: BundleFigure; key: ImportKey }>();
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
      topModules: [],
      sdkPackages: [],
      lazySdkPackages: [],
      bundleFile: join(lambdaDir, 'index.mjs'),
      sdkFloorBundle: join(outDir, `${name}-sdk-bundled`, 'index.mjs'),
    };
    functions.push(figure);
    try {
      const built = await build({
        ...LAMBDA_ESBUILD,
        entryPoints: [entry],
        outfile: join(lambdaDir, 'index.mjs'),
        metafile: true,
        absWorkingDir: repoRoot,
      });
      figure.bundleKb = kb(join(lambdaDir, 'index.mjs'));
      figure.sourceMapKb = kb(join(lambdaDir, 'index.mjs.map'));
      files.set(join(lambdaDir, 'index.mjs'), { figure, key: 'importMs' });
      await addBundleFiles(repoRoot, name, lambdaDir);
      const output = Object.entries(built.metafile.outputs).find(([file]) => file.endsWith('index.mjs'))?.[1];
      figure.topModules = topModules(output);
      const { atStart: sdk, whenFirstUsed } = sdkImportsOf(built.metafile, `functions/${name}/handler.ts`);
      figure.sdkPackages = sdk;
      figure.lazySdkPackages = whenFirstUsed;
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
  return { functions, outDir, files, empty };
}

/**
 * Times a fresh import of each bundle, of its SDK packages alone and of its naive build, in
 * fresh `node` processes, interleaved (run 1 of every file, run 2 of every file, ...) so a busy
 * moment on the machine is shared by all the figures it would skew.
 */
export async function timeImports(
  built: BuiltBundles,
  options: {
    runs: number;
    /**
     * The environment the functions run with (each parses its configuration at import, and refuses
     * to start without it): the local stack's, taken from the synthesized template.
     */
    environment: Record<string, string>;
    onProgress?: (line: string) => void;
  },
): Promise<{ functions: BundleFigure[]; emptyImportMs: number; outDir: string }> {
  const { runs } = options;
  const { functions, outDir, files, empty } = built;
  const environment = lambdaEnvironment(options.environment);
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

/**
 * The line that names the error (`TypeError: …`), at most 300 characters: a failed import's stderr
 * also echoes the minified line it failed on, which may be the whole bundle.
 */
function describe(error: unknown): string {
  const e = error as { stderr?: string; message?: string };
  const text = e.stderr || e.message || String(error);
  const lines = text.split('\n').map((l) => l.trim());
  const line = lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? lines.find((l) => l !== '') ?? 'failed';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

export function removeBundles(outDir: string): void {
  rmSync(outDir, { recursive: true, force: true });
}
