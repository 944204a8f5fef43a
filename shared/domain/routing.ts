import type { RoutingRule } from '../config.ts';

/**
 * Which front-door mailbox hears of a notification: the first rule whose postcode prefix matches
 * the carer's postcode (where the child lives), else the designated manager. Prefixes are matched
 * on the outward code so "AN1" does not catch "AN12".
 */
export function chooseMailbox(
  postcode: string | undefined,
  rules: readonly RoutingRule[],
  designatedManager: string,
): string {
  if (!postcode) return designatedManager;
  const outward = postcode.toUpperCase().replace(/\s+/g, '').slice(0, -3);
  const match = rules.find(
    (rule) => outward === rule.postcodePrefix || isAreaPrefix(rule.postcodePrefix, outward),
  );
  return match?.mailbox ?? designatedManager;
}

/**
 * Whether the carer's postcode is in the council's area as its routing rules describe it (issue
 * 12: a notification for another council's area is flagged, not silently routed to the default
 * mailbox). A council with no rules routes everything to one mailbox and cannot tell: in area. No
 * postcode: in area (its absence is already one of the notification's gaps).
 */
export function isInArea(postcode: string | undefined, rules: readonly RoutingRule[]): boolean {
  if (!postcode || rules.length === 0) return true;
  const outward = postcode.toUpperCase().replace(/\s+/g, '').slice(0, -3);
  return rules.some((rule) => outward === rule.postcodePrefix || isAreaPrefix(rule.postcodePrefix, outward));
}

/** "AN" (an area) matches "AN1" and "AN12" but "A" does not match "AN1". */
function isAreaPrefix(prefix: string, outward: string): boolean {
  return /^[A-Z]+$/.test(prefix) && outward.startsWith(prefix) && /^\d/.test(outward.slice(prefix.length));
}
