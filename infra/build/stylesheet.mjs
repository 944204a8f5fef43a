// Builds the one stylesheet every page loads: govuk-frontend's Sass with the council's settings
// (shared/web/styles). Run where the pages are served from: the bundling hook writes it into each
// web function's bundle (so Lambdas read plain CSS and never carry sass), and `npm start`, the
// local stack and the test setup write it to shared/web/assets/ (not committed). Plain
// JavaScript so the bundling hook can run it with `node`, with no TypeScript loader.
// Usage: node infra/build/stylesheet.mjs [out-file]   (default: shared/web/assets/council.css)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as sass from 'sass';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STYLES = join(REPO_ROOT, 'shared', 'web', 'styles');
const ENTRY = join(STYLES, 'council.scss');

/** Where the web functions look for the stylesheet when run from the repository. */
export const STYLESHEET_FILE = join(REPO_ROOT, 'shared', 'web', 'assets', 'council.css');

/** What the CSS is made from: our Sass, this script's options, govuk-frontend's and sass's versions. */
function inputsDigest() {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)));
  for (const name of readdirSync(STYLES).sort()) hash.update(name).update(readFileSync(join(STYLES, name)));
  const frontend = createRequire(import.meta.url)('govuk-frontend/package.json');
  hash.update(`govuk-frontend ${frontend.version}\n${sass.info}`);
  return hash.digest('hex').slice(0, 16);
}

/**
 * Compiles the stylesheet to `outFile`, unless the file there was built from the same inputs (a
 * compile takes a couple of seconds; every test process and `npm start` asks for it).
 */
export function buildStylesheet(outFile = STYLESHEET_FILE) {
  const stamp = `/*! built from shared/web/styles (inputs ${inputsDigest()}) */\n`;
  if (existsSync(outFile) && readFileSync(outFile, 'utf8').startsWith(stamp))
    return { outFile, built: false };
  const { css } = sass.compile(ENTRY, {
    style: 'compressed',
    // No byte-order mark: it would land after the stamp and spoil the first rule. The file is
    // served as text/css; charset=utf-8, which is all a browser needs.
    charset: false,
    importers: [new sass.NodePackageImporter(REPO_ROOT)],
    // Deprecation notices inside govuk-frontend are its maintainers' to act on, not ours.
    quietDeps: true,
  });
  mkdirSync(dirname(outFile), { recursive: true });
  // Written aside and renamed: a process reading the file never sees half of it.
  const partial = `${outFile}.${process.pid}.tmp`;
  writeFileSync(partial, stamp + css);
  renameSync(partial, outFile);
  return { outFile, built: true };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outFile, built } = buildStylesheet(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`${built ? 'Built' : 'Up to date:'} ${outFile}`);
}
