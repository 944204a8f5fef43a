import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';

/** Bundling a function as it is deployed, for the bench and for tests of what a bundle holds. */

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Copied from pipeline-function.ts (not exported there): ESM bundles still meet `require`. */
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * esbuild's options as NodejsFunction passes them for our functions (pipeline-function.ts), the
 * AWS SDK included (`bundleAwsSDK: true`): the function bundles and the floor made of the SDK
 * alone (test/bench/bundles.ts: buildSdkFloorBundle) are built alike.
 */
export const LAMBDA_ESBUILD: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  logLevel: 'silent',
};

/** esbuild's metafile for functions/<name>/handler.ts bundled as deployed (nothing written). */
export async function functionMetafile(name: string): Promise<Metafile> {
  const built = await build({
    ...LAMBDA_ESBUILD,
    sourcemap: false,
    entryPoints: [join(ROOT, 'functions', name, 'handler.ts')],
    outfile: join(ROOT, 'unused', name, 'index.mjs'),
    absWorkingDir: ROOT,
    write: false,
    metafile: true,
  });
  return built.metafile;
}

/**
 * The @aws-sdk/* packages the bundle's code imports (by their import specifier, from outside the
 * SDK itself): at start, those reached from the entry through static imports only; when first
 * used, those reached only through an `import()` (its module is evaluated when first called).
 */
export function sdkImportsOf(
  metafile: Metafile,
  entry: string,
): { atStart: string[]; whenFirstUsed: string[] } {
  const isSdk = (path: string) => /node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(path);
  const reached = new Set<string>([entry]);
  const pending = [entry];
  while (pending.length > 0) {
    const at = pending.pop() as string;
    for (const i of metafile.inputs[at]?.imports ?? []) {
      if (i.kind !== 'import-statement' || i.external || isSdk(i.path) || reached.has(i.path)) continue;
      reached.add(i.path);
      pending.push(i.path);
    }
  }
  const statics = new Set<string>();
  const later = new Set<string>();
  for (const [path, input] of Object.entries(metafile.inputs)) {
    if (isSdk(path)) continue;
    for (const i of input.imports) {
      const pkg = /^@aws-sdk\/[^/]+/.exec(i.original ?? '')?.[0];
      if (pkg) (reached.has(path) && i.kind === 'import-statement' ? statics : later).add(pkg);
    }
  }
  return { atStart: [...statics], whenFirstUsed: [...later].filter((p) => !statics.has(p)) };
}
