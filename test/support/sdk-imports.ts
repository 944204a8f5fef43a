import type { Metafile } from 'esbuild';

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
