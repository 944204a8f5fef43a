/**
 * Writes the README's figure definitions from shared/domain/figures/definitions.ts, so the two
 * cannot drift (test/unit/figure-definitions.test.ts fails while they differ). Run after changing
 * a definition: `npm run figures:readme`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { withFigureDefinitions } from '../shared/domain/figures/definitions.ts';

const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const before = readFileSync(readme, 'utf8');
const after = withFigureDefinitions(before);
if (after === before) console.log('README figure definitions are up to date');
else {
  writeFileSync(readme, after);
  console.log('README figure definitions rewritten');
}
