// Copies run-time files (templates, compiled CSS/JS) into a Lambda bundle after esbuild has run.
// Plain JavaScript so the bundling hook can run it with `node`, with no TypeScript loader.
// Usage: node copy-files.mjs <from> <to> [suffix ...]   (no suffix: copy everything)
import { cpSync, existsSync, statSync } from 'node:fs';

const [from, to, ...suffixes] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: node copy-files.mjs <from> <to> [suffix ...]');
  process.exit(2);
}
if (!existsSync(from)) {
  console.error(`copy-files: ${from} does not exist`);
  process.exit(1);
}
cpSync(from, to, {
  recursive: true,
  filter: (source) =>
    statSync(source).isDirectory() ||
    suffixes.length === 0 ||
    suffixes.some((suffix) => source.endsWith(suffix)),
});
