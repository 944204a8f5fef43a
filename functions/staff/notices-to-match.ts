import * as z from 'zod/mini';
import { MATCH_BASIS_LABELS } from '../../shared/domain/case-matching.ts';
import { noticeSummaryRows, notificationFromNotice } from '../../shared/domain/notice.ts';
import { isReference, normaliseReference } from '../../shared/domain/reference.ts';
import type { NoticeStore, NoticeToMatch } from '../../shared/store/notice-store.ts';
import type { NotificationStore } from '../../shared/store/notification-store.ts';
import { choice, text } from '../../shared/web/fields.ts';
import { addError, type FormErrors, noErrors, validate } from '../../shared/web/form-validation.ts';
import { HttpError, redirect } from '../../shared/web/http.ts';
import type { Route } from '../../shared/web/web-app.ts';
import type { StaffRoutes } from './staff-routes.ts';
import { receivedDate } from './view-models.ts';

/**
 * The front door's notices to match (issue 12): change and ending notices told online without a
 * case reference that names a case. For each, the designated manager confirms the suggested case
 * (case-matching.ts), names another, or opens it as a new notification (stored with its outbox
 * entry, so the sweep queues it and route opens the case like any other).
 */
export interface NoticesToMatchDependencies {
  notices: NoticeStore;
  notifications: Pick<NotificationStore, 'record'>;
  now: () => Date;
}

const KIND_TEXT = { change: 'Change', end: 'Ending' } as const;
const PATH = '/staff/notices/{noticeRef}';

export function noticesToMatchRoutes(staff: StaffRoutes, deps: NoticesToMatchDependencies): Route[] {
  const find = async (noticeRef: string): Promise<NoticeToMatch> => {
    if (!isReference(noticeRef)) throw new HttpError(404, 'Page not found');
    const entry = (await deps.notices.listToMatch()).find((e) => e.noticeRef === noticeRef);
    if (!entry) throw new HttpError(404, 'Page not found', { body: 'This notice has already been matched.' });
    return entry;
  };
  const page = async (
    entry: NoticeToMatch,
    values: Record<string, string>,
    errors: FormErrors = noErrors(),
  ) => {
    const stored = await deps.notices.get(entry.noticeRef);
    if (!stored) throw new HttpError(404, 'Page not found');
    return {
      pageTitle: `${KIND_TEXT[entry.kind]} told online: notice ${entry.noticeRef}`,
      backLink: '/staff/notices',
      entry,
      basis: entry.suggestedBasis ? MATCH_BASIS_LABELS[entry.suggestedBasis] : undefined,
      rows: noticeSummaryRows(stored.notice).map((r) => ({ key: r.key, lines: r.lines })),
      form: { values, errors },
    };
  };

  return [
    staff.guarded('GET', '/staff/notices', 'notices-to-match', { managerOnly: true }, async (ctx, who) => {
      const entries = await deps.notices.listToMatch();
      return ctx.render(
        'notices-to-match.njk',
        staff.pageContext(who, 'cases', {
          pageTitle: 'Notices to match',
          done: ctx.req.query.done === 'opened' ? 'Opened as a new notification' : undefined,
          rows: entries.map((e) => ({
            noticeRef: e.noticeRef,
            kind: KIND_TEXT[e.kind],
            received: receivedDate(e.receivedAt),
            suggested: e.suggestedCase,
            basis: e.suggestedBasis ? MATCH_BASIS_LABELS[e.suggestedBasis] : undefined,
          })),
        }),
      );
    }),
    staff.guarded('GET', PATH, 'notice-to-match:get', { managerOnly: true }, async (ctx, who) => {
      const entry = await find(ctx.params.noticeRef);
      const values = { decision: entry.suggestedCase ? 'join' : '', reference: entry.suggestedCase ?? '' };
      return ctx.render('notice-to-match.njk', staff.pageContext(who, 'cases', await page(entry, values)));
    }),
    staff.guarded('POST', PATH, 'notice-to-match:post', { managerOnly: true }, async (ctx, who, form) => {
      const entry = await find(ctx.params.noticeRef);
      const input = form?.input ?? {};
      const result = validate(
        z.object({
          decision: choice(['join', 'new'] as const, 'Select what to do with the notice'),
          reference: text({ label: 'Case reference', max: 20 }),
        }),
        input,
      );
      const errors = result.ok ? noErrors() : result.errors;
      const reference =
        result.ok && result.value.reference ? normaliseReference(result.value.reference) : undefined;
      if (result.ok && result.value.decision === 'join') {
        if (!reference) addError(errors, 'reference', 'Enter the case reference, like 7KX3M9QP');
        else if (!(await deps.notices.caseState(reference)))
          addError(errors, 'reference', 'There is no case with that reference');
      }
      if (errors.list.length) {
        return ctx.render(
          'notice-to-match.njk',
          staff.pageContext(who, 'cases', await page(entry, form?.values ?? {}, errors)),
          422,
        );
      }
      const stored = await deps.notices.get(entry.noticeRef);
      if (!stored) throw new HttpError(404, 'Page not found');
      ctx.annotate({ reference: entry.noticeRef });
      if (reference) {
        await deps.notices.joinCase(reference, stored.notice, who.actor.email, deps.now());
        await deps.notices.removeToMatch(entry);
        return redirect(`/staff/cases/${reference}`);
      }
      // Stored with its outbox entry: the sweep queues it, route opens the case and alerts as usual.
      await deps.notifications.record(notificationFromNotice(stored.notice));
      await deps.notices.removeToMatch(entry);
      return redirect('/staff/notices?done=opened');
    }),
  ];
}
