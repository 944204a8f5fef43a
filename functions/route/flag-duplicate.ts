import {
  MATCH_BASIS_LABELS,
  notificationMatchDetails,
  suggestMatch,
} from '../../shared/domain/case-matching.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import { duplicateFlag } from '../../shared/mail/front-door-flags.ts';
import type { Mailer } from '../../shared/mail/mailer.ts';
import { type EmailLedger, sendOnce } from '../../shared/store/email-ledger.ts';
import type { MatchIndex } from '../../shared/store/match-index.ts';
import type { MatchKeys } from './match-keys.ts';

export interface DuplicateCheckDependencies {
  matchIndex: MatchIndex;
  matchKeys: MatchKeys;
  ledger: EmailLedger;
  mailer: Mailer;
  designatedManager: string;
  /** Deputies hear of what the designated manager hears of (issue 12). */
  deputyManagers?: readonly string[];
  config: { councilName: string; staffBaseUrl: string };
  now: () => Date;
}

/**
 * Issue 12, duplicates: a notification about a child with an open case (same name and date of
 * birth, or same carer's address) is flagged to the front door with the matching case, and the
 * case's own keys join the index. Idempotent: a retry finds its own keys (ignored), the flag is set
 * once and the email is sent once (the ledger).
 */
export async function flagPossibleDuplicate(
  notification: Notification,
  deps: DuplicateCheckDependencies,
): Promise<{ duplicateOf: string | undefined; email: string }> {
  const { reference } = notification;
  const details = notificationMatchDetails(notification);
  // Cases opened before keyed match keys (issue 13) are found under the old keys until they are
  // retired (match-keys.ts); only keyed keys are written.
  const { index: keys, lookUp } = await deps.matchKeys.of(details);
  const match = suggestMatch(await deps.matchIndex.find(lookUp), reference);
  if (match) await deps.matchIndex.flag(reference, match.reference, match.basis, deps.now());
  await deps.matchIndex.add(reference, keys);
  if (!match) return { duplicateOf: undefined, email: 'none' };
  // The front door hears of it: the designated manager and every deputy.
  const email = await sendOnce(deps.ledger, { reference, purpose: 'duplicate-flag' }, deps.now(), () =>
    deps.mailer.send(
      duplicateFlag(
        {
          councilName: deps.config.councilName,
          reference,
          matchingReference: match.reference,
          basis: MATCH_BASIS_LABELS[match.basis],
          staffBaseUrl: deps.config.staffBaseUrl,
        },
        [deps.designatedManager, ...(deps.deputyManagers ?? [])],
      ),
    ),
  );
  return { duplicateOf: match.reference, email };
}
