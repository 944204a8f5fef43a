import { buildStylesheet } from '../../infra/build/stylesheet.mjs';

/**
 * Once per test run: the pages' stylesheet, built from shared/web/styles as `npm start` and the
 * bundles build it, so tests that render or serve pages see the CSS a council would.
 */
export default function setup(): void {
  buildStylesheet();
}
