// Precompiles the Nunjucks templates a web function renders, so a cold Lambda never lexes,
// parses or compiles a template: it reads one JSON file and turns into a function only the
// templates a request renders (issue 16). Generic: every .njk under the given folders is compiled,
// whatever has been added since, in the order the renderer searches them (the first folder's
// `layout.njk` shadows a later one's, as with Nunjucks' FileSystemLoader).
// Plain JavaScript so the bundling hook runs it with `node`, with no TypeScript loader.
// Usage: node infra/build/templates.mjs <out-file> <view-folder> [view-folder ...]
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';
import nunjucks from 'nunjucks';
import { VIEW_ENVIRONMENT_OPTIONS } from '../../shared/web/view-options.mjs';

/** Bumped when the file's layout changes; the renderer refuses a layout it does not know. */
export const PRECOMPILED_FORMAT = 2;

/** The nunjucks version compiled with: compiled code calls its runtime, so they must match. */
export const NUNJUCKS_VERSION = createRequire(import.meta.url)('nunjucks/package.json').version;

function templatesUnder(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.njk'))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

const WRAP_START = 'var t=function(){';
const WRAP_END = '};';

/**
 * A compiled template's code (the body of the function Nunjucks makes with `new Function`),
 * minified: Nunjucks writes it long-hand, with one statement per line and generous names, and a
 * cold start parses the code of every template its page renders (the layout's alone is over 100
 * KB). Minified, that is under half the bytes to parse, with the same statements. Names that the
 * runtime reads (`root`, `b_<block>`, macro argument names) are strings or object keys, which a
 * minifier keeps. Checked by test/unit/web-precompiled-views.test.ts (renders the same).
 */
export function minifyTemplateCode(code) {
  const { code: out } = transformSync(`${WRAP_START}${code}\n${WRAP_END}`, {
    minify: true,
    loader: 'js',
    target: 'es2022',
    legalComments: 'none',
  });
  const trimmed = out.trimEnd();
  if (!trimmed.startsWith(WRAP_START) || !trimmed.endsWith(WRAP_END)) {
    throw new Error('A compiled template did not minify to a function body');
  }
  return trimmed.slice(WRAP_START.length, -WRAP_END.length);
}

/** Template names a compiled template loads (extends, include, import, from): literal, or null if any is not. */
function referencesOf(code) {
  const names = [];
  for (const match of code.matchAll(/env\.getTemplate\(("(?:[^"\\]|\\.)*")?/g)) {
    if (!match[1]) return null;
    names.push(JSON.parse(match[1]));
  }
  return names;
}

/**
 * Every template under `roots`, compiled as Nunjucks compiles it at render time (the same
 * compiler, options and names), keyed `/<folder index>/<name>`: the renderer's loader
 * (shared/web/views.ts) searches the folders in order for a plain name and resolves `./` and
 * `../` names against the including template's own folder, as FileSystemLoader does.
 *
 * A folder inside node_modules (govuk-frontend's) is a library: of its templates, only those the
 * others can reach are kept (the components the pages use, not all of GOV.UK's). Every template
 * in the project's own folders is kept, used or not. If any reachable template names another by
 * a value rather than a literal, the library is kept whole.
 */
export function precompileTemplates(roots) {
  // An environment only for its options, filters and extensions as the compiler reads them.
  const env = new nunjucks.Environment([], { ...VIEW_ENVIRONMENT_OPTIONS });
  const compiled = {};
  const library = new Set();
  roots.forEach((root, index) => {
    const isLibrary = resolve(root).split(sep).includes('node_modules');
    for (const name of templatesUnder(root)) {
      const path = `/${index}/${name}`;
      const source = readFileSync(join(root, name), 'utf8');
      compiled[path] = nunjucks.compiler.compile(
        source,
        env.asyncFilters,
        env.extensionsList,
        path,
        env.opts,
      );
      if (isLibrary) library.add(path);
    }
  });
  const find = (from, name) => {
    if (name.startsWith('./') || name.startsWith('../')) return posix.resolve(posix.dirname(from), name);
    for (let index = 0; index < roots.length; index++) {
      if (Object.hasOwn(compiled, `/${index}/${name}`)) return `/${index}/${name}`;
    }
    return undefined;
  };
  const reached = new Set(Object.keys(compiled).filter((path) => !library.has(path)));
  const pending = [...reached];
  let whole = false;
  while (pending.length > 0 && !whole) {
    const path = pending.pop();
    const names = referencesOf(compiled[path]);
    if (names === null) whole = true;
    for (const name of names ?? []) {
      const found = find(path, name);
      if (found && Object.hasOwn(compiled, found) && !reached.has(found)) {
        reached.add(found);
        pending.push(found);
      }
    }
  }
  // Minified last: the references above are read from Nunjucks' own names (`env.getTemplate`).
  const templates = Object.fromEntries(
    Object.entries(compiled)
      .filter(([path]) => whole || reached.has(path))
      .map(([path, code]) => [path, minifyTemplateCode(code)]),
  );
  return {
    format: PRECOMPILED_FORMAT,
    nunjucks: NUNJUCKS_VERSION,
    options: { ...VIEW_ENVIRONMENT_OPTIONS },
    folders: roots.length,
    templates,
  };
}

/**
 * The set as one JSON document laid out so a renderer can read one template without parsing the
 * rest (shared/web/views.ts): the first line is everything but the templates, with an `index` of
 * where each template's JSON string lies in the second line (byte offsets from its start); the
 * second line is `"templates":{...}}`. A cold start then decodes the few templates its page
 * renders, not the whole set (issue 16). `JSON.parse` of the whole file still gives the set.
 */
export function serializePrecompiled(set) {
  const index = {};
  const parts = [];
  let offset = Buffer.byteLength('"templates":{');
  for (const [path, code] of Object.entries(set.templates)) {
    const key = `${parts.length ? ',' : ''}${JSON.stringify(path)}:`;
    const value = JSON.stringify(code);
    const start = offset + Buffer.byteLength(key);
    index[path] = [start, start + Buffer.byteLength(value)];
    parts.push(key + value);
    offset = start + Buffer.byteLength(value);
  }
  const { templates: _templates, ...rest } = set;
  const head = JSON.stringify({ ...rest, index });
  return `${head.slice(0, -1)},\n"templates":{${parts.join('')}}}`;
}

/** Writes the precompiled set to `outFile` (aside, then renamed: a reader never sees half). */
export function writePrecompiledTemplates(outFile, roots) {
  const set = precompileTemplates(roots);
  mkdirSync(dirname(outFile), { recursive: true });
  const partial = `${outFile}.${process.pid}.tmp`;
  writeFileSync(partial, serializePrecompiled(set));
  renameSync(partial, outFile);
  return { outFile, templates: Object.keys(set.templates).length };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [outFile, ...roots] = process.argv.slice(2);
  if (!outFile || roots.length === 0) {
    console.error('usage: node infra/build/templates.mjs <out-file> <view-folder> [view-folder ...]');
    process.exit(2);
  }
  const written = writePrecompiledTemplates(
    resolve(outFile),
    roots.map((r) => resolve(r)),
  );
  console.log(`Precompiled ${written.templates} templates into ${written.outFile}`);
}
