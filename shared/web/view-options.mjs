// The Nunjucks environment's options, in one place for the two that must agree on them: the
// renderer (shared/web/views.ts) and the build step that precompiles the templates
// (infra/build/templates.mjs). trimBlocks and lstripBlocks change the compiled code, so a
// precompiled set records the options it was built with and the renderer refuses one built with
// others. Plain JavaScript so the build step runs with `node`, with no TypeScript loader.

/**
 * `autoescape: true` makes every `{{ value }}` HTML-escaped: a notifier's answer can never become
 * markup. Only values a template marks `| safe` are not escaped, and those are built from escaped
 * parts or fixed text.
 */
export const VIEW_ENVIRONMENT_OPTIONS = Object.freeze({
  autoescape: true,
  throwOnUndefined: false,
  trimBlocks: true,
  lstripBlocks: true,
});

/** The file a bundle carries its precompiled templates in, beside its other views. */
export const PRECOMPILED_VIEWS_FILE = 'templates.json';
