import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

type Violation = Awaited<ReturnType<AxeBuilder['analyze']>>['violations'][number];
type ViolationNode = Violation['nodes'][number];

/**
 * govuk-frontend's conditional reveal sets `aria-expanded` on the radio that reveals the follow-up
 * question. ARIA 1.2 does not list aria-expanded for role radio, so axe's aria-allowed-attr flags
 * it; the GOV.UK Design System keeps it on purpose, because JAWS and NVDA announce it and research
 * found it helps (govuk-frontend issue #979, a documented known issue). Only that one attribute, on
 * a govuk-frontend radio that controls a conditional reveal, is accepted: any other attribute on
 * it, or aria-expanded anywhere else, is still a violation.
 */
function isGovukConditionalReveal(violation: Violation, node: ViolationNode): boolean {
  if (violation.id !== 'aria-allowed-attr') return false;
  if (!/class="govuk-radios__input"/.test(node.html) || !/aria-controls="conditional-/.test(node.html))
    return false;
  // The check reports the attributes it refused as `data.values` (`aria-expanded="true"`).
  const attributes = [...node.any, ...node.all, ...node.none].flatMap((check) => {
    const values = (check.data as { values?: unknown } | null)?.values;
    return Array.isArray(values) ? values : [check.data];
  });
  return (
    attributes.length > 0 && attributes.every((a) => typeof a === 'string' && a.startsWith('aria-expanded='))
  );
}

/** axe's violations on the page, every rule, less govuk-frontend's documented conditional reveal. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !isGovukConditionalReveal(v, n)) }))
    .filter((v) => v.nodes.length > 0);
}
