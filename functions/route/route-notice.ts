import type { RoutingRule } from '../../shared/config.ts';
import { suggestMatch } from '../../shared/domain/case-matching.ts';
import { newPostcodeOf } from '../../shared/domain/notice.ts';
import { isInArea } from '../../shared/domain/routing.ts';
import { noticeAlert, noticeToMatchAlert } from '../../shared/mail/front-door-flags.ts';
import type { Mailer } from '../../shared/mail/mailer.ts';
import { type EmailLedger, sendOnce } from '../../shared/store/email-ledger.ts';
import type { MatchIndex } from '../../shared/store/match-index.ts';
import type { NoticeStore } from '../../shared/store/notice-store.ts';
import type { MatchKeys } from './match-keys.ts';

export interface RouteNoticeDependencies {
  notices: NoticeStore;
  matchIndex: MatchIndex;
  matchKeys: MatchKeys;
  ledger: EmailLedger;
  mailer: Mailer;
  designatedManager: string;
  /** Deputies hear of what the designated manager hears of (issue 12). */
  deputyManagers?: readonly string[];
  config: { councilName: string; staffBaseUrl: string };
  /** The council's area as its routing rules describe it (routing.ts). */
  routingRules: readonly RoutingRule[];
  now: () => Date;
}

export class NoticeNotFoundError extends Error {
  override name = 'NoticeNotFoundError';
}

/**
 * Route one change or ending notice (issue 12), idempotently. With a case reference that names a
 * case, the notice joins it (an event; an ending becomes the case's proposed end) and the
 * allocated caseworker and the front door are alerted with the reference only. Without one, it
 * goes to the front door's notices to match, with a suggested case found by the child's or the
 * carer's details (case-matching.ts). Any failure throws: the message is retried, then DLQ'd.
 */
export async function routeNotice(
  noticeRef: string,
  deps: RouteNoticeDependencies,
): Promise<{ joined: string | undefined; suggested: string | undefined; email: string }> {
  const stored = await deps.notices.get(noticeRef);
  if (!stored) throw new NoticeNotFoundError(`No notice ${noticeRef}`);
  const notice = stored.notice;
  const state = notice.caseReference ? await deps.notices.caseState(notice.caseReference) : undefined;

  if (notice.caseReference && state) {
    const reference = notice.caseReference;
    // A new address outside the area may start a move between councils: the case says so and the
    // alert asks the front door to tell the receiving council (issue 12).
    const newPostcode = newPostcodeOf(notice);
    const leavingArea = newPostcode !== undefined && !isInArea(newPostcode, deps.routingRules);
    await deps.notices.joinCase(reference, notice, 'online notice', deps.now(), { leavingArea });
    const to = [
      ...new Set([
        state.allocatedTo ?? state.mailbox,
        deps.designatedManager,
        ...(deps.deputyManagers ?? []),
      ]),
    ];
    const email = await sendOnce(deps.ledger, { reference, purpose: `notice-${noticeRef}` }, deps.now(), () =>
      deps.mailer.send(
        noticeAlert(
          {
            councilName: deps.config.councilName,
            kind: notice.kind,
            reference,
            noticeRef,
            staffBaseUrl: deps.config.staffBaseUrl,
            leavingArea,
          },
          to,
        ),
      ),
    );
    await deps.notices.markRouted(noticeRef, deps.now());
    return { joined: reference, suggested: undefined, email };
  }

  const details = {
    childName: notice.child.name,
    dateOfBirth: notice.child.dateOfBirth,
    carerPostcode: notice.carer.postcode,
    carerAddressLine1: notice.carer.addressLine1,
  };
  // The keyed keys, and the old ones for cases opened before them until retired (issue 13).
  const match = suggestMatch(await deps.matchIndex.find((await deps.matchKeys.of(details)).lookUp));
  await deps.notices.addToMatch({
    noticeRef,
    kind: notice.kind,
    receivedAt: notice.receivedAt,
    ...(match ? { suggestedCase: match.reference, suggestedBasis: match.basis } : {}),
    ...(notice.caseReference ? { unknownReference: notice.caseReference } : {}),
  });
  // The notice's own reference keys the ledger: it has no case yet.
  const email = await sendOnce(
    deps.ledger,
    { reference: noticeRef, purpose: 'notice-to-match' },
    deps.now(),
    () =>
      deps.mailer.send(
        noticeToMatchAlert(
          {
            councilName: deps.config.councilName,
            kind: notice.kind,
            noticeRef,
            suggestedCase: match?.reference,
            staffBaseUrl: deps.config.staffBaseUrl,
          },
          [deps.designatedManager, ...(deps.deputyManagers ?? [])],
        ),
      ),
  );
  await deps.notices.markRouted(noticeRef, deps.now());
  return { joined: undefined, suggested: match?.reference, email };
}
