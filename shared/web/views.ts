import nunjucks from 'nunjucks';
import { assetUrl } from './assets.ts';
import { govukFrontendDirectory, sharedViewDirectory } from './paths.ts';

export interface ViewRenderer {
  render(template: string, context: Record<string, unknown>): string;
}

export interface ViewOptions {
  /** The function's own view folders, searched first. */
  viewDirectories: string[];
  /** Values every template sees: the council's name, the service's name, footer links. */
  globals: Record<string, unknown>;
}

/**
 * A Nunjucks environment over the function's views, the shared layout and govuk-frontend's
 * templates. `autoescape: true` makes every `{{ value }}` HTML-escaped: a notifier's answer can
 * never become markup. Only values a template marks `| safe` are not escaped, and those are built
 * from escaped parts or fixed text.
 */
export function createViewRenderer(options: ViewOptions): ViewRenderer {
  const loader = new nunjucks.FileSystemLoader(
    [...options.viewDirectories, sharedViewDirectory(), govukFrontendDirectory()],
    { noCache: false },
  );
  const env = new nunjucks.Environment(loader, {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  for (const [name, value] of Object.entries(options.globals)) env.addGlobal(name, value);
  env.addGlobal('asset', assetUrl);
  return {
    render(template, context) {
      return env.render(template, context);
    },
  };
}
