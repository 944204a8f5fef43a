import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PRECOMPILED_VIEWS_FILE } from './view-options.mjs';

/**
 * Where the files the web functions read at run time live. In the repository they come from
 * node_modules and the source tree; a Lambda bundle has neither, so the bundle step copies them
 * next to the bundle (see each function's comment) and these functions find them there. Keep
 * every such lookup here, so a different layout changes one file.
 */

let frontendRoot: string | undefined;

/** govuk-frontend's `dist` folder: Nunjucks templates under `govuk/`, compiled assets beside them. */
export function govukFrontendDirectory(): string {
  if (frontendRoot) return frontendRoot;
  const bundled = fileURLToPath(new URL('./govuk-frontend/dist', import.meta.url));
  if (existsSync(join(bundled, 'govuk', 'template.njk'))) {
    frontendRoot = bundled;
  } else {
    const require = createRequire(import.meta.url);
    frontendRoot = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
  }
  return frontendRoot;
}

/** govuk-frontend's compiled JavaScript, served under /assets. */
export function assetDirectory(): string {
  return join(govukFrontendDirectory(), 'govuk');
}

/**
 * The stylesheet built from shared/web/styles by infra/build/stylesheet.mjs: in a bundle,
 * `assets/council.css` beside it; in the repository, shared/web/assets/council.css.
 */
export function stylesheetFile(): string {
  return fileURLToPath(new URL('./assets/council.css', import.meta.url));
}

/** The shared layout, error page and macros. In a bundle they are copied into `views/`. */
export function sharedViewDirectory(): string {
  return fileURLToPath(new URL('./views', import.meta.url));
}

/**
 * The templates precompiled at build time (infra/build/templates.mjs), in a bundle beside the
 * views it was built from. Never written into the repository: run from source, the renderer reads
 * the .njk files.
 */
export function precompiledViewsFile(): string {
  return fileURLToPath(new URL(`./views/${PRECOMPILED_VIEWS_FILE}`, import.meta.url));
}

let phoneMetadata: string | undefined;

/**
 * libphonenumber-js's "min" metadata (the set its default entry point imports), read on the first
 * phone number checked rather than compiled into the bundle: no page of a first visit checks one,
 * and 80 KB of object literal was evaluated at every cold start (issue 16). In a bundle it is
 * copied beside it (`libphonenumber-js/metadata.min.json`); in the repository, node_modules'.
 */
export function phoneMetadataFile(): string {
  if (phoneMetadata) return phoneMetadata;
  const bundled = fileURLToPath(new URL('./libphonenumber-js/metadata.min.json', import.meta.url));
  phoneMetadata = existsSync(bundled)
    ? bundled
    : createRequire(import.meta.url).resolve('libphonenumber-js/metadata.min.json');
  return phoneMetadata;
}
