import { randomBytes } from 'node:crypto';
import {
  type CaseChange,
  type CaseChangePlan,
  CaseChangeRefusedError,
  planCaseChange,
} from '../../shared/domain/case-change.ts';
import type { Actor } from '../../shared/domain/case-vocabulary.ts';
import { compareIsoDates, formatLongDate, londonDateOf } from '../../shared/domain/local-date.ts';
import { instantAtLondonTime } from '../../shared/domain/london-clock.ts';
import {
  InformationRequestSchema,
  MISSING_INFORMATION_PREFIX,
  notifierReminderOn,
} from '../../shared/domain/missing-information.ts';
import { noticeSummaryRows } from '../../shared/domain/notice.ts';
import { NOTIFIER_ROLE_LABELS } from '../../shared/domain/notification.ts';
import { REMINDER_HOUR } from '../../shared/domain/reminders.ts';
import { canChangeCase } from '../../shared/domain/staff-access.ts';
import type { CaseSnapshot } from '../../shared/domain/stored-case.ts';
import {
  candidateCouncils,
  councilsOfDistrict,
  type MoveBetweenCouncils,
  moveOf,
  type PostcodeDistrictFile,
} from '../../shared/domain/transfer.ts';
import { caseAllocatedEmail } from '../../shared/mail/case-allocated.ts';
import { frontDoorDecisionEmail } from '../../shared/mail/front-door-decision.ts';
import { missingInformationEmail } from '../../shared/mail/missing-information.ts';
import { transferNoticeEmail } from '../../shared/mail/transfer-notice.ts';
import { CaseChangedConcurrentlyError } from '../../shared/store/case-records.ts';
import { sendOnce } from '../../shared/store/email-ledger.ts';
import type { TransferTokens } from '../../shared/store/transfer-tokens.ts';
import { type FormErrors, noErrors } from '../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebResponse } from '../../shared/web/http.ts';
import type { Route, RouteContext } from '../../shared/web/web-app.ts';
import type { CaseAction, CaseActionContext, PostedValues } from './actions/action.ts';
import { CASE_ACTIONS } from './actions/registry.ts';
import type { SignedIn } from './auth.ts';
import { frontDoorView, restrictionRows } from './front-door-view.ts';
import { additionViews, informationRequestRows } from './missing-information-view.ts';
import type { StaffAppDependencies } from './staff-app.ts';
import type { StaffMember } from './staff-directory.ts';
import type { StaffRoutes } from './staff-routes.ts';
import {
  caseStatusTag,
  checkRows,
  decisionView,
  endView,
  eventRows,
  lifecycleRows,
  longDate,
  notificationSections,
  obligationLabel,
  obligationTag,
  receivedDate,
  reminderRows,
  safetyPlanView,
  visitRequestRows,
  visitRows,
} from './view-models.ts';
import { loadVisibleCase } from './visible-case.ts';

/**
 * One case: its page (`/staff/cases/{reference}`) and, for each action in actions/registry.ts, its
 * form (`/staff/cases/{reference}/{action}`, GET to show, POST to record). Who may see and change
 * a case is decided in shared/domain/staff-access.ts, what a change does in case-change.ts.
 */

const CASE_PATH = '/staff/cases/{reference}';

/** Change and ending notices told online (issue 12), newest first, as the case page shows them. */
const noticeViews = (snapshot: CaseSnapshot) =>
  [...(snapshot.notices ?? [])].reverse().map(({ notice, joinedAt }) => ({
    heading: `${notice.kind === 'end' ? 'Ending' : 'Change'} told online: notice ${notice.noticeRef}`,
    received: receivedDate(joinedAt),
    rows: noticeSummaryRows(notice).map((r) => ({ key: r.key, lines: r.lines })),
  }));

/**
 * The shipped postcode lookup (~200 KB), imported on first use: most case pages have no move to
 * look up, so the staff function's cold start does without it (shared/domain/postcode-lookup.ts).
 */
const shippedPostcodeDistricts = async (): Promise<PostcodeDistrictFile> =>
  (await import('../../shared/domain/postcode-lookup.ts')).shippedPostcodeDistricts;

interface FormState {
  values: Record<string, string>;
  errors: FormErrors;
}

const TRANSFER_CHANGES: ReadonlySet<CaseChange['type']> = new Set([
  'send-transfer',
  'name-receiving-council',
]);

export function caseRoutes(
  staff: StaffRoutes,
  deps: Pick<
    StaffAppDependencies,
    | 'cases'
    | 'sessions'
    | 'log'
    | 'now'
    | 'newId'
    | 'designatedManager'
    | 'calendar'
    | 'schedulePolicy'
    | 'reminderPolicy'
    | 'mailer'
    | 'emailLedger'
    | 'directory'
    | 'config'
    | 'transferTokens'
    | 'informationLinks'
  >,
): Route[] {
  const loadVisible = (ctx: RouteContext, who: SignedIn, reference: string, route: string) =>
    loadVisibleCase({ cases: deps.cases, staff }, ctx, who, reference, route);

  const moveFor = (snapshot: CaseSnapshot): Promise<MoveBetweenCouncils | undefined> =>
    moveOf(
      snapshot,
      deps.config.receivingCouncils ?? [],
      deps.config.routingRules ?? [],
      shippedPostcodeDistricts,
    );

  const actionContext = async (snapshot: CaseSnapshot): Promise<CaseActionContext> => {
    const receivedOn = londonDateOf(new Date(snapshot.caseRecord.receivedAt));
    return {
      snapshot,
      move: await moveFor(snapshot),
      receivingCouncils: deps.config.receivingCouncils ?? [],
      districtCandidates: async (district) => {
        const configured = deps.config.receivingCouncils ?? [];
        return candidateCouncils(
          councilsOfDistrict(district, configured, await shippedPostcodeDistricts()),
          configured,
        );
      },
      limits: { today: staff.today(), receivedOn, receivedOnText: formatLongDate(receivedOn) },
      // The identity provider's caseworkers, and any who signed in but are not listed there (a
      // directory that cannot be read, or has not caught up, never hides someone known here).
      knownCaseworkers: async () => {
        const [listed, signedIn] = await Promise.all([
          deps.directory.caseworkers(),
          deps.sessions.listStaffMembers(),
        ]);
        const byEmail = new Map<string, StaffMember>(listed.map((m) => [m.email.toLowerCase(), m]));
        for (const m of signedIn) {
          if (m.role !== 'caseworker') continue;
          const known = byEmail.get(m.email);
          // The directory's subject wins; a signed-in caseworker's own fills a gap in it.
          if (!known) byEmail.set(m.email, m);
          else if (!known.subject && m.subject) byEmail.set(m.email, { ...known, subject: m.subject });
        }
        return [...byEmail.values()]
          .map((m) => ({
            email: m.email.toLowerCase(),
            name: m.name,
            ...(m.subject ? { subject: m.subject } : {}),
          }))
          .sort((a, b) => a.name.localeCompare(b.name));
      },
    };
  };

  const casePage = async (ctx: RouteContext, who: SignedIn, snapshot: CaseSnapshot) => {
    const c = snapshot.caseRecord;
    const move = await moveFor(snapshot);
    const day = staff.today();
    const ref = c.reference;
    const obligations = [...snapshot.obligations].sort((a, b) => compareIsoDates(a.due, b.due));
    return ctx.render(
      'case.njk',
      staff.pageContext(who, 'cases', {
        pageTitle: `Case ${ref}`,
        done: CASE_ACTIONS.find((a) => a.id === ctx.req.query.done)?.doneMessage,
        c: {
          reference: ref,
          received: receivedDate(c.receivedAt),
          source: NOTIFIER_ROLE_LABELS[c.notifierRole],
          organisation: snapshot.notification?.notifier.organisation,
          status: caseStatusTag(c, day),
          urgent: c.urgent,
          allocatedTo: c.allocatedName ? `${c.allocatedName} (${c.allocatedTo})` : c.allocatedTo,
          mailbox: c.mailbox,
          nextDue: longDate(c.nextDue),
          gaps: c.gaps,
          outOfArea: c.outOfArea,
          movingOutOfArea: c.movingOutOfArea,
          move,
        },
        lifecycle: lifecycleRows(snapshot),
        actions: CASE_ACTIONS.filter(
          (a) =>
            canChangeCase(who.actor, c, a.changeType) &&
            a.applies(snapshot) &&
            // A new carer's address inside the area is no move between councils (routing rules).
            (!TRANSFER_CHANGES.has(a.changeType) || move !== undefined),
        ).map((a) => ({ href: `/staff/cases/${ref}/${a.id}`, text: a.linkText(c) })),
        obligations: obligations.map((o) => ({
          what: obligationLabel(o.kind),
          due: longDate(o.due),
          tag: obligationTag(o, day),
          metOn: longDate(o.metOn),
          basis: o.basis,
        })),
        // What is still to do, soonest (so most overdue) first: the top of the page, so a
        // caseworker sees it without reading the whole record.
        dueFirst: obligations
          .filter((o) => o.status === 'open')
          .map((o) => ({ what: obligationLabel(o.kind), due: longDate(o.due), tag: obligationTag(o, day) })),
        reminders: reminderRows(snapshot.reminders, deps.now()),
        visits: visitRows(snapshot),
        visitRequests: visitRequestRows(snapshot),
        checks: checkRows(snapshot, day),
        safetyPlan: safetyPlanView(snapshot),
        end: endView(snapshot),
        decision: decisionView(snapshot),
        frontDoor: frontDoorView(snapshot, deps.calendar),
        restrictions: restrictionRows(snapshot),
        sections: snapshot.notification ? notificationSections(snapshot.notification) : [],
        events: eventRows(snapshot),
        notices: noticeViews(snapshot),
        informationRequests: informationRequestRows(snapshot, deps.now()),
        additions: additionViews(snapshot),
      }),
    );
  };

  const formPage = async (
    ctx: RouteContext,
    who: SignedIn,
    action: CaseAction,
    actionCtx: CaseActionContext,
    form: FormState,
    status = 200,
    posted: PostedValues | undefined = undefined,
  ) => {
    const ref = actionCtx.snapshot.caseRecord.reference;
    return ctx.render(
      action.template,
      staff.pageContext(who, 'cases', {
        reference: ref,
        backLink: `/staff/cases/${ref}`,
        form,
        receivedOn: actionCtx.limits.receivedOnText,
        pageTitle: action.title(ref),
        ...(await action.viewData(actionCtx, posted)),
      }),
      status,
    );
  };

  /** Plans and writes a change; if another change landed in between, reads again and retries once. */
  const applyChange = async (
    reference: string,
    first: CaseSnapshot,
    change: CaseChange,
    actor: Actor,
  ): Promise<CaseChangePlan> => {
    let snapshot = first;
    for (let attempt = 1; ; attempt++) {
      const plan = planCaseChange(snapshot, change, {
        actor,
        now: deps.now(),
        designatedManager: deps.designatedManager,
        calendar: deps.calendar,
        schedulePolicy: deps.schedulePolicy,
        reminderPolicy: deps.reminderPolicy,
        newId: deps.newId,
      });
      try {
        await deps.cases.apply(plan);
        return plan;
      } catch (error) {
        if (!(error instanceof CaseChangedConcurrentlyError) || attempt >= 2) throw error;
        const again = await deps.cases.load(reference);
        if (!again) throw error;
        snapshot = again;
      }
    }
  };

  /** The case, if this person may see it and make this kind of change to it. */
  const loadChangeable = async (
    ctx: RouteContext,
    who: SignedIn,
    reference: string,
    action: CaseAction,
  ): Promise<{ snapshot: CaseSnapshot } | { refused: WebResponse }> => {
    const loaded = await loadVisible(ctx, who, reference, action.id);
    if ('refused' in loaded) return loaded;
    if (!canChangeCase(who.actor, loaded.snapshot.caseRecord, action.changeType))
      return { refused: staff.refuse(ctx, who, action.id, reference) };
    return loaded;
  };

  /**
   * Tells the caseworker a case is now theirs (reference and link only), once per allocation: the
   * ledger is keyed by the case version the allocation wrote, so a repeated or concurrent request
   * sends nothing more, and allocating to the same person again changes nobody. The allocation is
   * already stored, so a failed send is logged, not shown as a failed allocation.
   */
  const tellAllocatedCaseworker = async (before: CaseSnapshot, plan: CaseChangePlan) => {
    const to = plan.caseUpdate.allocatedTo;
    if (plan.event.event !== 'case-allocated' || !to || to === before.caseRecord.allocatedTo) return;
    const { reference } = plan;
    try {
      await sendOnce(
        deps.emailLedger,
        { reference, purpose: `case-allocated-v${plan.caseUpdate.version}` },
        deps.now(),
        () =>
          deps.mailer.send(
            caseAllocatedEmail(
              {
                councilName: deps.config.councilName,
                reference,
                caseUrl: `${deps.config.staffBaseUrl}/cases/${reference}`,
              },
              to,
            ),
          ),
      );
    } catch (error) {
      deps.log.warn('Allocation email not sent', {
        reference,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  };

  /**
   * Tells the notifier the front door's decision (Working Together 2023), once per decision (the
   * ledger is keyed by the case version it wrote). Only the address the notifier gave in the
   * notification, never one typed by staff; no address, no email. Like the allocation email, a
   * failed send is logged, not shown as a failed decision.
   */
  const tellNotifier = async (before: CaseSnapshot, plan: CaseChangePlan) => {
    const to = before.notification?.notifier.email;
    const outcome = plan.caseUpdate.summary.frontDoorOutcome;
    if (plan.event.event !== 'front-door-decision' || !to || !outcome) return;
    const { reference } = plan;
    try {
      await sendOnce(
        deps.emailLedger,
        { reference, purpose: `front-door-decision-v${plan.caseUpdate.version}` },
        deps.now(),
        () =>
          deps.mailer.send(
            frontDoorDecisionEmail({ councilName: deps.config.councilName, reference, outcome }, to),
          ),
      );
    } catch (error) {
      deps.log.warn('Front door decision email not sent', {
        reference,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  };

  /**
   * Sends the transfer notice the change just recorded (issue 12): a new single-use
   * acknowledgement link (stored hashed), and the minimum in the email (transfer-notice.ts), to the
   * front door configured for the receiving council, once per case version. The transfer is
   * recorded, so a failed send is logged; the acknowledgement obligation still escalates it.
   */
  const tellReceivingCouncil = async (plan: CaseChangePlan, change: CaseChange) => {
    if (change.type !== 'send-transfer' || !deps.transferTokens) return;
    const { reference } = plan;
    try {
      await sendOnce(
        deps.emailLedger,
        { reference, purpose: `transfer-notice-v${plan.caseUpdate.version}` },
        deps.now(),
        async () => {
          const { token } = await (deps.transferTokens as TransferTokens).issue(
            reference,
            change.council,
            deps.now(),
          );
          return deps.mailer.send(
            transferNoticeEmail(
              {
                councilName: deps.config.councilName,
                receivingCouncilName: change.council.name,
                reference,
                acknowledgeUrl: `${deps.config.publicBaseUrl}/transfer-acknowledgement/${token}`,
                contact: deps.designatedManager,
              },
              change.sentTo,
            ),
          );
        },
      );
    } catch (error) {
      deps.log.warn('Transfer notice not sent', {
        reference,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  };

  /**
   * Sends the notifier the link a missing-information request asks for (issue 12): 32 random
   * bytes, stored only as their SHA-256, to the address the notifier gave in the notification and
   * no other. The request is already recorded, so a failed send is logged and the case shows the
   * request; staff can send another.
   */
  const sendMissingInformationLink = async (before: CaseSnapshot, plan: CaseChangePlan) => {
    const to = before.notification?.notifier.email;
    if (plan.event.event !== 'missing-information-requested' || !to || !plan.record) return;
    const request = InformationRequestSchema.parse(plan.record.item);
    const { reference } = plan;
    const token = randomBytes(32).toString('base64url');
    try {
      await deps.informationLinks.issue(token, {
        reference,
        requestId: request.requestId,
        requestSk: plan.record.sk,
        items: request.items,
        expiresAt: request.expiresAt,
      });
      await deps.informationLinks.scheduleFollowUp(reference, plan.record.sk, {
        dueAt: instantAtLondonTime(notifierReminderOn(deps.now(), deps.calendar), REMINDER_HOUR),
        notifier: to,
        caseRecipient: plan.caseUpdate.allocatedTo ?? before.caseRecord.mailbox,
      });
      await deps.mailer.send(
        missingInformationEmail(
          {
            councilName: deps.config.councilName,
            reference,
            link: `${deps.config.publicBaseUrl}${MISSING_INFORMATION_PREFIX}${token}`,
          },
          to,
        ),
      );
    } catch (error) {
      deps.log.warn('Missing information link not sent', {
        reference,
        error: error instanceof Error ? error.name : 'unknown',
      });
    }
  };

  const actionForm = (action: CaseAction): Route =>
    staff.guarded('GET', `${CASE_PATH}/${action.id}`, 'case', {}, async (ctx, who) => {
      const { reference } = ctx.params;
      const loaded = await loadChangeable(ctx, who, reference, action);
      if ('refused' in loaded) return loaded.refused;
      const { snapshot } = loaded;
      if (!action.applies(snapshot)) return redirect(`/staff/cases/${reference}`);
      return formPage(ctx, who, action, await actionContext(snapshot), {
        values: action.startValues(snapshot),
        errors: noErrors(),
      });
    });

  const actionPost = (action: CaseAction): Route =>
    staff.guarded('POST', `${CASE_PATH}/${action.id}`, 'case-change', {}, async (ctx, who, form) => {
      if (!form) throw new HttpError(400, 'Sorry, there is a problem with the form you sent');
      const { reference } = ctx.params;
      const loaded = await loadChangeable(ctx, who, reference, action);
      if ('refused' in loaded) return loaded.refused;
      const { snapshot } = loaded;
      // An ended case is refused by the rules below (409); an open one may lack what the form records.
      if (snapshot.caseRecord.status === 'open' && !action.applies(snapshot))
        throw new HttpError(409, action.notApplicable);

      const actionCtx = await actionContext(snapshot);
      const parsed = await action.parse(form.input, actionCtx);
      if (!parsed.ok) {
        return formPage(
          ctx,
          who,
          action,
          actionCtx,
          { values: form.values, errors: parsed.errors },
          400,
          form.body,
        );
      }
      let plan: CaseChangePlan;
      try {
        plan = await applyChange(reference, snapshot, parsed.value, who.actor);
      } catch (error) {
        if (error instanceof CaseChangeRefusedError)
          throw new HttpError(409, 'This case can no longer be changed');
        if (error instanceof CaseChangedConcurrentlyError) {
          throw new HttpError(409, 'Someone else changed this case at the same time: go back and try again');
        }
        throw error;
      }
      deps.log.info('Case changed', { reference, change: action.id, role: who.actor.role });
      await tellAllocatedCaseworker(snapshot, plan);
      await tellNotifier(snapshot, plan);
      await tellReceivingCouncil(plan, parsed.value);
      await sendMissingInformationLink(snapshot, plan);
      return redirect(`/staff/cases/${reference}?done=${action.id}`);
    });

  return [
    staff.guarded('GET', CASE_PATH, 'case', {}, async (ctx, who) => {
      const loaded = await loadVisible(ctx, who, ctx.params.reference, 'case');
      if ('refused' in loaded) return loaded.refused;
      return casePage(ctx, who, loaded.snapshot);
    }),
    ...CASE_ACTIONS.flatMap((action) => [actionForm(action), actionPost(action)]),
  ];
}
