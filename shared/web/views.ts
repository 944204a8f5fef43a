import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import type * as Nunjucks from 'nunjucks';
// The runtime-only build of the same nunjucks (3.2.4): environment, runtime, filters and loaders,
// without the lexer, parser and compiler. A precompiled template needs no more, and a bundle then
// carries 37 KB of nunjucks instead of 86 KB and evaluates none of the compiler at a cold start
// (issue 16). Its Environment and Template are the ones the full build has, built from the same
// source, so a precompiled template renders the same (test/unit/web-precompiled-views.test.ts).
import nunjucksRuntime from 'nunjucks/browser/nunjucks-slim.js';
import { assetUrl } from './assets.ts';
import { govukFrontendDirectory, precompiledViewsFile, sharedViewDirectory } from './paths.ts';
import { VIEW_ENVIRONMENT_OPTIONS } from './view-options.mjs';

export interface ViewRenderer {
  render(template: string, context: Record<string, unknown>): string;
}

export interface ViewOptions {
  /** The function's own view folders, searched first. */
  viewDirectories: string[];
  /** Values every template sees: the council's name, the service's name, footer links. */
  globals: Record<string, unknown>;
  /**
   * The templates precompiled at build time (infra/build/templates.mjs): a bundle carries them
   * (`views/templates.json` beside it) and they are used when present, so a cold start parses no
   * template. Run from the repository (tests, `npm start`) there is none and the templates are
   * read from the folders above. A path here forces a precompiled set; `false` forces the folders.
   */
  precompiled?: string | false;
}

/** The first line of what infra/build/templates.mjs writes (see serializePrecompiled there). */
interface PrecompiledHead {
  format: number;
  nunjucks: string;
  options: Record<string, boolean>;
  folders: number;
  /** Template path → [start, end) byte offsets of its code, a JSON string, in the second line. */
  index: Record<string, [number, number]>;
}

/** The precompiled set as read: its head, and each template's code, decoded when first asked for. */
interface PrecompiledSet extends PrecompiledHead {
  code(path: string): string;
}

const PRECOMPILED_FORMAT = 2;

type TemplateProps = Record<string, unknown>;

/**
 * A Nunjucks loader over a precompiled set: names are searched folder by folder (a function's own
 * views shadow the shared ones, as with FileSystemLoader), and `./`/`../` names resolve against
 * the including template's folder. A template's code becomes a function only when it is first
 * rendered, so a request pays for the templates it uses and no others.
 */
function precompiledLoader(set: PrecompiledSet) {
  const made = new Map<string, TemplateProps>();
  const find = (name: string): string | undefined => {
    if (name.startsWith('/')) return Object.hasOwn(set.index, name) ? name : undefined;
    for (let folder = 0; folder < set.folders; folder++) {
      const path = `/${folder}/${name}`;
      if (Object.hasOwn(set.index, path)) return path;
    }
    return undefined;
  };
  return {
    getSource(name: string) {
      const path = find(name);
      if (!path) return null;
      let props = made.get(path);
      if (!props) {
        // The same step Nunjucks takes after compiling a template from source (Template._compile).
        props = new Function(set.code(path))() as TemplateProps;
        made.set(path, props);
      }
      return { src: { type: 'code', obj: props }, path, noCache: false };
    },
    isRelative: (name: string) => name.startsWith('./') || name.startsWith('../'),
    resolve: (from: string, to: string) => posix.resolve(posix.dirname(from), to),
  };
}

/**
 * The full nunjucks, with its compiler, for rendering from the .njk files (tests, `npm start`).
 * Required through createRequire, which esbuild does not follow, so a bundle (which always
 * renders from its precompiled set) does not carry the compiler at all.
 */
function fullNunjucks(): typeof Nunjucks {
  return createRequire(import.meta.url)('nunjucks') as typeof Nunjucks;
}

/**
 * Reads the set's head only; a template's code is decoded from the file's bytes when the loader
 * first asks for it, so a cold start decodes the templates of the page it renders, not all of them.
 */
function readPrecompiled(file: string): PrecompiledSet {
  const bytes = readFileSync(file);
  const newline = bytes.indexOf(0x0a);
  if (newline < 0) throw new Error(`${file} was precompiled with other options or layout: rebuild it`);
  const head = JSON.parse(`${bytes.toString('utf8', 0, newline)}"templates":null}`) as PrecompiledHead;
  const body = newline + 1;
  const set: PrecompiledSet = {
    ...head,
    code(path) {
      const [start, end] = head.index[path] ?? [0, 0];
      return JSON.parse(bytes.toString('utf8', body + start, body + end)) as string;
    },
  };
  const version = (nunjucksRuntime as unknown as { version?: string }).version;
  const same = (a: Record<string, unknown>, b: Record<string, unknown>) =>
    Object.keys({ ...a, ...b }).every((k) => a[k] === b[k]);
  // Compiled code calls the runtime of the nunjucks it was compiled with, and trimBlocks and
  // lstripBlocks are baked into it: refuse a set that would render differently.
  if (set.format !== PRECOMPILED_FORMAT || !same(set.options, { ...VIEW_ENVIRONMENT_OPTIONS })) {
    throw new Error(`${file} was precompiled with other options or layout: rebuild it`);
  }
  if (version && set.nunjucks !== version) {
    throw new Error(`${file} was precompiled with nunjucks ${set.nunjucks}, not ${version}: rebuild it`);
  }
  return set;
}

/**
 * A Nunjucks environment over the function's views, the shared layout and govuk-frontend's
 * templates (precompiled in a bundle, read from their folders otherwise; both render the same,
 * test/unit/web-precompiled-views.test.ts). The options are VIEW_ENVIRONMENT_OPTIONS:
 * autoescaping on, so a notifier's answer never becomes markup.
 */
export function createViewRenderer(options: ViewOptions): ViewRenderer {
  const file = options.precompiled ?? precompiledViewsFile();
  let env: Nunjucks.Environment;
  if (file && (options.precompiled || existsSync(file))) {
    // Its sources are compiled code ({ type: 'code' }), which @types/nunjucks does not describe.
    const loader = precompiledLoader(readPrecompiled(file)) as unknown as Nunjucks.ILoader;
    env = new nunjucksRuntime.Environment(loader, { ...VIEW_ENVIRONMENT_OPTIONS });
  } else {
    const nunjucks = fullNunjucks();
    const loader = new nunjucks.FileSystemLoader(
      [...options.viewDirectories, sharedViewDirectory(), govukFrontendDirectory()],
      { noCache: false },
    );
    env = new nunjucks.Environment(loader, { ...VIEW_ENVIRONMENT_OPTIONS });
  }
  for (const [name, value] of Object.entries(options.globals)) env.addGlobal(name, value);
  env.addGlobal('asset', assetUrl);
  return {
    render(template, context) {
      return env.render(template, context);
    },
  };
}
