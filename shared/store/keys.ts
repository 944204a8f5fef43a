/**
 * The single-table key layout (design.md "Data"). Every item of a case shares the partition
 * `CASE#<reference>`, so a case page is one Query and a change is one transaction.
 */
export const caseKey = (reference: string) => ({ pk: `CASE#${reference}`, sk: 'CASE' });
export const notificationKey = (reference: string) => ({ pk: `CASE#${reference}`, sk: 'NOTIFICATION' });
export const obligationKey = (reference: string, obligationId: string) => ({
  pk: `CASE#${reference}`,
  sk: `OBLIGATION#${obligationId}`,
});
export const reminderKey = (reference: string, reminderId: string) => ({
  pk: `CASE#${reference}`,
  sk: `REMINDER#${reminderId}`,
});
export const emailKey = (reference: string, purpose: string) => ({
  pk: `CASE#${reference}`,
  sk: `EMAIL#${purpose}`,
});
export const eventKey = (reference: string, at: string, id: string) => ({
  pk: `CASE#${reference}`,
  sk: `EVENT#${at}#${id}`,
});
export const draftKey = (draftId: string) => ({ pk: `DRAFT#${draftId}`, sk: 'DRAFT' });

/**
 * The sparse due index (gsi1): only items waiting for the sweep carry gsi1pk/gsi1sk, so a sweep
 * reads what is due and nothing else. Writes are spread over a few shards; the sweep queries each.
 */
export const DUE_SHARDS = 4;
export function dueIndexKeys(itemId: string, dueAt: string): { gsi1pk: string; gsi1sk: string } {
  let hash = 0;
  for (const ch of itemId) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return { gsi1pk: `DUE#${hash % DUE_SHARDS}`, gsi1sk: `${dueAt}#${itemId}` };
}
export const dueShards = (): string[] => Array.from({ length: DUE_SHARDS }, (_, i) => `DUE#${i}`);

/** gsi2: staff case lists, newest first within a partition. */
export const caseListKeys = (receivedAt: string, reference: string) => ({
  gsi2pk: 'CASES',
  gsi2sk: `${receivedAt}#${reference}`,
});
