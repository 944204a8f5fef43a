import { type CaseChange, CaseChangeRefusedError, planCaseChange } from '../../shared/domain/case-change.ts';
import {
  type Actor,
  CHECK_OUTCOME_LABELS,
  CHECK_OUTCOMES,
  DECISION_OUTCOME_LABELS,
  DECISION_OUTCOMES,
  END_REASON_LABELS,
  END_REASONS,
  SCHEDULE_3_MATTERS,
  VISIT_KIND_LABELS,
  VISIT_REQUESTER_LABELS,
  VISIT_REQUESTERS,
} from '../../shared/domain/case-vocabulary.ts';
import {
  type ComplianceFigures,
  caseReportRows,
  complianceFigures,
  figureRows,
  financialYearContaining,
  type Period,
} from '../../shared/domain/compliance.ts';
import {
  addDays,
  compareIsoDates,
  dayOfWeek,
  formatLongDate,
  londonDateOf,
} from '../../shared/domain/local-date.ts';
import { NOTIFIER_ROLE_LABELS } from '../../shared/domain/notification.ts';
import { canChangeCase, canViewCase, isManager } from '../../shared/domain/staff-access.ts';
import {
  type ReminderPolicy,
  type SchedulePolicy,
  VISIT_KINDS,
} from '../../shared/domain/statutory-clock.ts';
import type { CaseSnapshot, StoredCase } from '../../shared/domain/stored-case.ts';
import type { WorkingDayCalendar } from '../../shared/domain/working-days.ts';
import { CaseChangedConcurrentlyError, type CaseRecords } from '../../shared/store/case-records.ts';
import type { SessionStore } from '../../shared/store/session-store.ts';
import { CSRF_FIELD, csrfTokensMatch } from '../../shared/web/csrf.ts';
import { dateToParts, parseDateParts } from '../../shared/web/fields.ts';
import { parseFormBody } from '../../shared/web/form-body.ts';
import {
  type FormErrors,
  formInput,
  noErrors,
  postedValues,
  type Validated,
} from '../../shared/web/form-validation.ts';
import { HttpError, redirect, type WebRequest, type WebResponse } from '../../shared/web/http.ts';
import type { ViewRenderer } from '../../shared/web/views.ts';
import {
  createWebApp,
  type ResponseLog,
  type Route,
  type RouteContext,
  type SafeErrorDescription,
} from '../../shared/web/web-app.ts';
import {
  type AuthDependencies,
  beginSignIn,
  completeSignIn,
  currentSession,
  type OidcClient,
  providerSignOutUrl,
  type SignedIn,
  signOut,
} from './auth.ts';
import { casesCsv, csvResponse, figuresCsv } from './compliance/csv.ts';
import {
  type DateLimits,
  OTHER_CASEWORKER,
  parseAllocation,
  parseCheck,
  parseDecision,
  parseEnd,
  parseSafetyPlan,
  parseVisit,
  parseVisitRequest,
} from './forms.ts';
import type { StaffConfig } from './staff-config.ts';
import {
  CHECK_OPTIONS,
  caseStatusTag,
  checkRows,
  decisionView,
  endView,
  eventRows,
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

/** What the staff pages need; the handler wires the real ones, tests may wire others. */
export interface StaffAppDependencies {
  cases: CaseRecords;
  sessions: SessionStore;
  oidc: OidcClient;
  config: StaffConfig;
  views: ViewRenderer;
  designatedManager: string;
  calendar: WorkingDayCalendar;
  schedulePolicy: SchedulePolicy;
  reminderPolicy: ReminderPolicy;
  now: () => Date;
  newId: () => string;
  /** Safe facts only: a route, a reference, a role, an error name. Never a name, email or answer. */
  log: {
    info(message: string, facts: Record<string, string | number>): void;
    warn(message: string, facts: Record<string, string | number>): void;
  };
  onResponse?: (log: ResponseLog) => void;
  onError?: (error: SafeErrorDescription, route: string) => void;
}

const ROLE_LABELS: Record<string, string> = {
  'designated-manager': 'designated manager',
  caseworker: 'caseworker',
};
const REFERENCE = '[0-9A-HJKMNP-TV-Z]{8}';
const ACTIONS = [
  'allocate',
  'record-visit',
  'record-visit-request',
  'record-check',
  'record-safety-plan',
  'record-end',
  'record-decision',
] as const;
const CASE_PATH = new RegExp(`^/staff/cases/(${REFERENCE})(?:/(${ACTIONS.join('|')}))?$`);

type Action = (typeof ACTIONS)[number];
const ACTION_CHANGE: Record<Action, CaseChange['type']> = {
  allocate: 'allocate',
  'record-visit': 'record-visit',
  'record-visit-request': 'record-visit-request',
  'record-check': 'record-check',
  'record-safety-plan': 'record-safety-plan',
  'record-end': 'record-end',
  'record-decision': 'record-decision',
};
const DONE_MESSAGES: Record<string, string> = {
  allocate: 'Case allocated',
  'record-visit': 'Visit recorded',
  'record-visit-request': 'Visit request recorded',
  'record-check': 'Check recorded',
  'record-safety-plan': 'Interim safety plan recorded',
  'record-end': 'End of the arrangement recorded',
  'record-decision': 'Assessment decision recorded',
};

interface FormState {
  values: Record<string, string>;
  errors: FormErrors;
}

export function createStaffApp(deps: StaffAppDependencies): (req: WebRequest) => Promise<WebResponse> {
  const auth: AuthDependencies = {
    sessions: deps.sessions,
    oidc: deps.oidc,
    config: deps.config,
    now: deps.now,
  };
  const today = () => londonDateOf(deps.now());

  /** Values every staff page shows: who is signed in, the sign-out form's token, the navigation. */
  const pageContext = (who: SignedIn | undefined, current: string, extra: Record<string, unknown> = {}) => ({
    serviceUrl: '/staff/cases',
    user: who ? { name: who.actor.name, role: ROLE_LABELS[who.actor.role] } : undefined,
    csrfToken: who?.session.csrfToken,
    navigation: who
      ? [
          { href: '/staff/cases', text: 'Cases', active: current === 'cases' },
          ...(isManager(who.actor)
            ? [{ href: '/staff/compliance', text: 'Compliance', active: current === 'compliance' }]
            : []),
        ]
      : [],
    ...extra,
  });

  const refuse = (ctx: RouteContext, who: SignedIn, route: string, reference?: string): WebResponse => {
    // Refusals are logged with the route, the reference and the role: nothing about the person.
    deps.log.warn('Access refused', { route, role: who.actor.role, ...(reference ? { reference } : {}) });
    ctx.annotate({ refused: 'role', ...(reference ? { reference } : {}) });
    return ctx.render('forbidden.njk', pageContext(who, ''), 403);
  };

  /** A page that needs a signed-in member of staff (and, for some, the designated manager). */
  const guarded = (
    method: 'GET' | 'POST',
    path: string,
    name: string,
    options: { managerOnly?: boolean },
    handle: (
      ctx: RouteContext,
      who: SignedIn,
      form: FormBodyValues | undefined,
    ) => Promise<WebResponse> | WebResponse,
  ): Route => ({
    method,
    path,
    name,
    async handle(ctx) {
      const who = await currentSession(ctx.req, auth);
      if (!who) {
        if (method === 'GET') {
          const query = new URLSearchParams(ctx.req.query).toString();
          const returnTo = `${ctx.req.path}${query ? `?${query}` : ''}`;
          return redirect(`/staff/sign-in?${new URLSearchParams({ returnTo }).toString()}`);
        }
        return ctx.render('sign-in-required.njk', pageContext(undefined, ''), 401);
      }
      let form: FormBodyValues | undefined;
      if (method === 'POST') {
        const body = parseFormBody(ctx.req);
        // CSRF: the token bound to this session must come back with every form.
        if (!csrfTokensMatch(who.session.csrfToken, body.get(CSRF_FIELD))) {
          deps.log.warn('Form refused: CSRF token missing or wrong', { route: name, role: who.actor.role });
          throw new HttpError(403, 'Sorry, we could not accept that form', { detail: 'csrf' });
        }
        form = { body, input: formInput(body, [CSRF_FIELD]), values: postedValues(body) };
      }
      if (options.managerOnly && !isManager(who.actor)) return refuse(ctx, who, name);
      return handle(ctx, who, form);
    },
  });

  // ---- sign-in ---------------------------------------------------------------------------------

  const signInRoutes: Route[] = [
    { method: 'GET', path: '/staff', name: 'home', handle: () => redirect('/staff/cases') },
    { method: 'GET', path: '/staff/sign-in', name: 'sign-in', handle: (ctx) => beginSignIn(ctx.req, auth) },
    {
      method: 'GET',
      path: '/staff/auth/callback',
      name: 'sign-in-callback',
      async handle(ctx) {
        const result = await completeSignIn(ctx.req, auth);
        if (result.outcome === 'signed-in') {
          deps.log.info('Signed in', { role: result.role });
          return result.response;
        }
        if (result.outcome === 'no-role') {
          deps.log.warn('Sign-in refused: no staff group', { route: 'sign-in-callback' });
          return ctx.render('no-access.njk', pageContext(undefined, ''), 403, result.cookies);
        }
        deps.log.warn('Sign-in failed', { route: 'sign-in-callback', reason: result.reason });
        return ctx.render('sign-in-failed.njk', pageContext(undefined, ''), 401, result.cookies);
      },
    },
    {
      method: 'GET',
      path: '/staff/signed-out',
      name: 'signed-out',
      handle: async (ctx) =>
        ctx.render(
          'signed-out.njk',
          pageContext(undefined, '', { providerSignOut: await providerSignOutUrl(auth) }),
        ),
    },
    guarded('POST', '/staff/sign-out', 'sign-out', {}, (_ctx, who) => signOut(who, auth)),
  ];

  // ---- the case list ---------------------------------------------------------------------------

  const FILTERS = [
    ['all', 'All cases', true],
    ['mine', 'Allocated to me', false],
    ['unallocated', 'Unallocated', true],
    ['due-this-week', 'Due this week', false],
    ['overdue', 'Overdue', false],
    ['ended', 'Ended', false],
  ] as const;

  const weekEnd = (d: string) => addDays(d, (7 - dayOfWeek(d)) % 7); // the coming Sunday
  const matchesFilter = (c: StoredCase, filter: string, who: SignedIn, day: string): boolean => {
    switch (filter) {
      case 'mine':
        return c.allocatedTo === who.actor.email;
      case 'unallocated':
        return c.status === 'open' && !c.allocatedTo;
      case 'due-this-week':
        return (
          c.status === 'open' &&
          c.nextDue !== undefined &&
          compareIsoDates(c.nextDue, day) >= 0 &&
          compareIsoDates(c.nextDue, weekEnd(day)) <= 0
        );
      case 'overdue':
        return c.status === 'open' && c.nextDue !== undefined && compareIsoDates(c.nextDue, day) < 0;
      case 'ended':
        return c.status === 'ended';
      default:
        return true;
    }
  };

  const caseRow = (c: StoredCase, day: string) => ({
    reference: c.reference,
    received: receivedDate(c.receivedAt),
    status: caseStatusTag(c, day),
    urgent: c.urgent,
    nextDue: c.status === 'open' ? longDate(c.nextDue) : '',
    allocatedTo: c.allocatedName ?? c.allocatedTo ?? '',
  });

  const listRoute = guarded('GET', '/staff/cases', 'cases', {}, async (ctx, who) => {
    const manager = isManager(who.actor);
    const filters = FILTERS.filter(([, , managerOnly]) => manager || !managerOnly);
    const requested = ctx.req.query.show;
    const filter = filters.find(([id]) => id === requested)?.[0] ?? (manager ? 'all' : 'mine');
    const day = today();
    // A caseworker's list is only ever their own cases, whatever the filter.
    const visible = (await deps.cases.list()).filter((c) => canViewCase(who.actor, c));
    const rows = visible.filter((c) => matchesFilter(c, filter, who, day)).map((c) => caseRow(c, day));
    return ctx.render(
      'cases.njk',
      pageContext(who, 'cases', {
        pageTitle: 'Cases',
        filters: filters.map(([id, text]) => ({
          id,
          text,
          href: `/staff/cases?show=${id}`,
          current: id === filter,
          count: visible.filter((c) => matchesFilter(c, id, who, day)).length,
        })),
        filterText: filters.find(([id]) => id === filter)?.[1],
        rows,
      }),
    );
  });

  // ---- one case and its forms --------------------------------------------------------------------

  const loadVisible = async (ctx: RouteContext, who: SignedIn, reference: string, route: string) => {
    const snapshot = await deps.cases.load(reference);
    if (!snapshot) throw new HttpError(404, 'Page not found');
    ctx.annotate({ reference });
    if (!canViewCase(who.actor, snapshot.caseRecord)) return { refused: refuse(ctx, who, route, reference) };
    return { snapshot };
  };

  const limitsFor = (snapshot: CaseSnapshot): DateLimits => {
    const receivedOn = londonDateOf(new Date(snapshot.caseRecord.receivedAt));
    return { today: today(), receivedOn, receivedOnText: formatLongDate(receivedOn) };
  };

  /**
   * Whether a form applies to the case as it stands: nothing but the decision once it has ended,
   * and a safety plan only while the case has one to make (a DBS check recorded as delayed).
   */
  const applies = (snapshot: CaseSnapshot, action: Action): boolean => {
    if (snapshot.caseRecord.status === 'ended') return action === 'record-decision';
    if (action === 'record-safety-plan') {
      return snapshot.obligations.some((o) => o.kind === 'interim-safety-plan' && o.status !== 'cancelled');
    }
    return true;
  };

  const casePage = (ctx: RouteContext, who: SignedIn, snapshot: CaseSnapshot) => {
    const c = snapshot.caseRecord;
    const day = today();
    const may = (change: Action) =>
      canChangeCase(who.actor, c, ACTION_CHANGE[change]) && applies(snapshot, change);
    const ref = c.reference;
    return ctx.render(
      'case.njk',
      pageContext(who, 'cases', {
        pageTitle: `Case ${ref}`,
        done: DONE_MESSAGES[ctx.req.query.done ?? ''],
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
        },
        actions: [
          may('allocate') && {
            href: `/staff/cases/${ref}/allocate`,
            text: c.allocatedTo ? 'Reallocate' : 'Allocate',
          },
          may('record-visit') && { href: `/staff/cases/${ref}/record-visit`, text: 'Record a visit' },
          may('record-visit-request') && {
            href: `/staff/cases/${ref}/record-visit-request`,
            text: 'Record a request for a visit',
          },
          may('record-check') && { href: `/staff/cases/${ref}/record-check`, text: 'Record a check' },
          may('record-safety-plan') && {
            href: `/staff/cases/${ref}/record-safety-plan`,
            text: 'Record the interim safety plan',
          },
          may('record-end') && { href: `/staff/cases/${ref}/record-end`, text: 'Record the end' },
          may('record-decision') && {
            href: `/staff/cases/${ref}/record-decision`,
            text: 'Record the assessment decision',
          },
        ].filter(Boolean),
        obligations: [...snapshot.obligations]
          .sort((a, b) => compareIsoDates(a.due, b.due))
          .map((o) => ({
            what: obligationLabel(o.kind),
            due: longDate(o.due),
            tag: obligationTag(o, day),
            metOn: longDate(o.metOn),
            basis: o.basis,
          })),
        reminders: reminderRows(snapshot.reminders),
        visits: visitRows(snapshot),
        visitRequests: visitRequestRows(snapshot),
        checks: checkRows(snapshot, day),
        safetyPlan: safetyPlanView(snapshot),
        end: endView(snapshot),
        decision: decisionView(snapshot),
        sections: snapshot.notification ? notificationSections(snapshot.notification) : [],
        events: eventRows(snapshot),
      }),
    );
  };

  const formPage = async (
    ctx: RouteContext,
    who: SignedIn,
    snapshot: CaseSnapshot,
    action: Action,
    form: FormState,
    status = 200,
    checked: string[] = [],
  ) => {
    const ref = snapshot.caseRecord.reference;
    const common = pageContext(who, 'cases', {
      reference: ref,
      backLink: `/staff/cases/${ref}`,
      form,
      receivedOn: formatLongDate(limitsFor(snapshot).receivedOn),
    });
    switch (action) {
      case 'allocate': {
        const known = await knownCaseworkers();
        return ctx.render(
          'allocate.njk',
          {
            ...common,
            pageTitle: `Allocate case ${ref}`,
            caseworkers: [
              ...known.map((k) => ({ value: k.email, text: `${k.name} (${k.email})` })),
              { value: OTHER_CASEWORKER, text: 'Another caseworker' },
            ],
          },
          status,
        );
      }
      case 'record-visit':
        return ctx.render(
          'record-visit.njk',
          {
            ...common,
            pageTitle: `Record a visit: case ${ref}`,
            kinds: VISIT_KINDS.map((k) => ({ value: k, text: VISIT_KIND_LABELS[k] })),
            matters: SCHEDULE_3_MATTERS.map(([id, text]) => ({
              value: id,
              text,
              checked: checked.includes(id),
            })),
          },
          status,
        );
      case 'record-check':
        return ctx.render(
          'record-check.njk',
          {
            ...common,
            pageTitle: `Record a check: case ${ref}`,
            checkTypes: CHECK_OPTIONS,
            outcomes: CHECK_OUTCOMES.map((o) => ({ value: o, text: CHECK_OUTCOME_LABELS[o] })),
          },
          status,
        );
      case 'record-visit-request':
        return ctx.render(
          'record-visit-request.njk',
          {
            ...common,
            pageTitle: `Record a request for a visit: case ${ref}`,
            requesters: VISIT_REQUESTERS.map((r) => ({ value: r, text: VISIT_REQUESTER_LABELS[r] })),
          },
          status,
        );
      case 'record-safety-plan': {
        const plan = snapshot.obligations.find((o) => o.kind === 'interim-safety-plan');
        return ctx.render(
          'record-safety-plan.njk',
          {
            ...common,
            pageTitle: `Record the interim safety plan: case ${ref}`,
            due: longDate(plan?.due),
            basis: plan?.basis,
          },
          status,
        );
      }
      case 'record-end':
        return ctx.render(
          'record-end.njk',
          {
            ...common,
            pageTitle: `Record the end of the arrangement: case ${ref}`,
            reasons: END_REASONS.map((r) => ({ value: r, text: END_REASON_LABELS[r] })),
          },
          status,
        );
      case 'record-decision':
        return ctx.render(
          'record-decision.njk',
          {
            ...common,
            pageTitle: `Record the assessment decision: case ${ref}`,
            outcomes: DECISION_OUTCOMES.map((o) => ({ value: o, text: DECISION_OUTCOME_LABELS[o] })),
          },
          status,
        );
    }
  };

  const knownCaseworkers = async () =>
    (await deps.sessions.listStaffMembers())
      .filter((m) => m.role === 'caseworker')
      .sort((a, b) => a.name.localeCompare(b.name));

  const parseAction = async (
    action: Action,
    snapshot: CaseSnapshot,
    form: FormBodyValues,
  ): Promise<Validated<CaseChange>> => {
    const limits = limitsFor(snapshot);
    const wrap = <T>(v: Validated<T>, make: (value: T) => CaseChange): Validated<CaseChange> =>
      v.ok ? { ok: true, value: make(v.value) } : v;
    switch (action) {
      case 'allocate':
        return wrap(parseAllocation(form.input, await knownCaseworkers()), (caseworker) => ({
          type: 'allocate',
          caseworker,
        }));
      case 'record-visit':
        return wrap(parseVisit(form.input, limits), (visit) => ({ type: 'record-visit', visit }));
      case 'record-visit-request':
        return wrap(parseVisitRequest(form.input, limits), (request) => ({
          type: 'record-visit-request',
          request,
        }));
      case 'record-check':
        return wrap(parseCheck(form.input, limits), (check) => ({ type: 'record-check', check }));
      case 'record-safety-plan':
        return wrap(parseSafetyPlan(form.input, limits), (plan) => ({ type: 'record-safety-plan', plan }));
      case 'record-end':
        return wrap(parseEnd(form.input, limits), (end) => ({ type: 'record-end', end }));
      case 'record-decision':
        return wrap(parseDecision(form.input, limits), (decision) => ({ type: 'record-decision', decision }));
    }
  };

  /** Plans and writes a change; if another change landed in between, reads again and retries once. */
  const applyChange = async (reference: string, first: CaseSnapshot, change: CaseChange, actor: Actor) => {
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

  const caseGet = guarded('GET', '/staff/cases/*', 'case', {}, async (ctx, who) => {
    const match = CASE_PATH.exec(ctx.req.path);
    if (!match) throw new HttpError(404, 'Page not found');
    const [, reference, action] = match as unknown as [string, string, Action | undefined];
    const route = action ?? 'case';
    const loaded = await loadVisible(ctx, who, reference, route);
    if ('refused' in loaded) return loaded.refused as WebResponse;
    const { snapshot } = loaded;
    if (!action) return casePage(ctx, who, snapshot);
    if (!canChangeCase(who.actor, snapshot.caseRecord, ACTION_CHANGE[action]))
      return refuse(ctx, who, route, reference);
    if (!applies(snapshot, action)) return redirect(`/staff/cases/${reference}`);
    const values: Record<string, string> = {};
    if (action === 'allocate' && snapshot.caseRecord.allocatedTo)
      values.caseworker = snapshot.caseRecord.allocatedTo;
    return formPage(ctx, who, snapshot, action, { values, errors: noErrors() });
  });

  const casePost = guarded('POST', '/staff/cases/*', 'case-change', {}, async (ctx, who, form) => {
    const match = CASE_PATH.exec(ctx.req.path);
    if (!match?.[2] || !form) throw new HttpError(404, 'Page not found');
    const [, reference, action] = match as unknown as [string, string, Action];
    const loaded = await loadVisible(ctx, who, reference, action);
    if ('refused' in loaded) return loaded.refused as WebResponse;
    const { snapshot } = loaded;
    if (!canChangeCase(who.actor, snapshot.caseRecord, ACTION_CHANGE[action]))
      return refuse(ctx, who, action, reference);
    // An ended case is refused by the rules below (409); an open one may lack a plan to make.
    if (snapshot.caseRecord.status === 'open' && !applies(snapshot, action))
      throw new HttpError(409, 'There is no interim safety plan to record for this case');

    const parsed = await parseAction(action, snapshot, form);
    if (!parsed.ok) {
      return formPage(
        ctx,
        who,
        snapshot,
        action,
        { values: form.values, errors: parsed.errors },
        400,
        form.body.getAll('matters'),
      );
    }
    try {
      await applyChange(reference, snapshot, parsed.value, who.actor);
    } catch (error) {
      if (error instanceof CaseChangeRefusedError)
        throw new HttpError(409, 'This case can no longer be changed');
      if (error instanceof CaseChangedConcurrentlyError) {
        throw new HttpError(409, 'Someone else changed this case at the same time: go back and try again');
      }
      throw error;
    }
    deps.log.info('Case changed', { reference, change: action, role: who.actor.role });
    return redirect(`/staff/cases/${reference}?done=${action}`);
  });

  // ---- compliance ------------------------------------------------------------------------------

  const periodFrom = (
    query: Record<string, string>,
  ): { period: Period; errors: FormErrors; values: Record<string, string> } => {
    const fallback = financialYearContaining(today());
    const errors = noErrors();
    const read = (name: 'from' | 'to', label: string, dflt: string) => {
      const given = [`${name}-day`, `${name}-month`, `${name}-year`].some((k) => query[k]);
      if (!given) return dflt;
      const r = parseDateParts(
        { day: query[`${name}-day`], month: query[`${name}-month`], year: query[`${name}-year`] },
        { name: `the ${label.toLowerCase()}`, label, required: true, today: today() },
      );
      if (r.ok && r.iso) return r.iso;
      if (!r.ok) {
        errors.byId[name] = { text: r.message, href: `#${name}-${r.parts[0] ?? 'day'}`, parts: r.parts };
        errors.list.push({ text: r.message, href: `#${name}-${r.parts[0] ?? 'day'}` });
      }
      return dflt;
    };
    let from = read('from', 'Start date', fallback.from);
    let to = read('to', 'End date', fallback.to);
    if (errors.list.length === 0 && compareIsoDates(from, to) > 0) {
      errors.byId.to = { text: 'End date must be on or after the start date', href: '#to-day' };
      errors.list.push({ text: 'End date must be on or after the start date', href: '#to-day' });
    }
    if (errors.list.length > 0) ({ from, to } = fallback);
    const values: Record<string, string> = {};
    for (const [name, iso] of [
      ['from', from],
      ['to', to],
    ] as const) {
      const p = dateToParts(iso);
      values[`${name}-day`] = query[`${name}-day`] ?? p.day;
      values[`${name}-month`] = query[`${name}-month`] ?? p.month;
      values[`${name}-year`] = query[`${name}-year`] ?? p.year;
    }
    return { period: { from, to }, errors, values };
  };

  const periodQuery = (p: Period) => {
    const f = dateToParts(p.from);
    const t = dateToParts(p.to);
    return new URLSearchParams({
      'from-day': f.day,
      'from-month': f.month,
      'from-year': f.year,
      'to-day': t.day,
      'to-month': t.month,
      'to-year': t.year,
    }).toString();
  };

  const figuresFor = async (period: Period): Promise<{ figures: ComplianceFigures; cases: StoredCase[] }> => {
    const cases = await deps.cases.list();
    return {
      cases,
      figures: complianceFigures(cases, period, deps.calendar, {
        today: today(),
        policy: deps.schedulePolicy,
      }),
    };
  };
  const rowsOf = (figures: ComplianceFigures) =>
    figureRows(figures, { source: NOTIFIER_ROLE_LABELS, endReason: END_REASON_LABELS });

  const complianceRoutes: Route[] = [
    guarded('GET', '/staff/compliance', 'compliance', { managerOnly: true }, async (ctx, who) => {
      const { period, errors, values } = periodFrom(ctx.req.query);
      const { figures } = await figuresFor(period);
      const query = periodQuery(period);
      const sections: { title: string; rows: ReturnType<typeof rowsOf> }[] = [];
      for (const row of rowsOf(figures)) {
        const last = sections.at(-1);
        if (last?.title === row.section) last.rows.push(row);
        else sections.push({ title: row.section, rows: [row] });
      }
      return ctx.render(
        'compliance.njk',
        pageContext(who, 'compliance', {
          pageTitle: 'Compliance',
          period: { from: formatLongDate(period.from), to: formatLongDate(period.to) },
          cutoff: formatLongDate(figures.cutoff),
          partial: figures.cutoff !== period.to,
          form: { values, errors },
          sections: sections.map((s) => ({
            title: s.title,
            rows: s.rows.map((r) => ({
              ...r,
              href: `/staff/compliance/cases?figure=${encodeURIComponent(r.id)}&${query}`,
            })),
          })),
          figuresCsv: `/staff/compliance/figures.csv?${query}`,
          casesCsv: `/staff/compliance/cases.csv?${query}`,
        }),
      );
    }),
    guarded('GET', '/staff/compliance/cases', 'compliance-cases', { managerOnly: true }, async (ctx, who) => {
      const { period } = periodFrom(ctx.req.query);
      const { figures, cases } = await figuresFor(period);
      const row = rowsOf(figures).find((r) => r.id === ctx.req.query.figure);
      if (!row) throw new HttpError(404, 'Page not found');
      const byRef = new Map(cases.map((c) => [c.reference, c]));
      const day = today();
      return ctx.render(
        'compliance-cases.njk',
        pageContext(who, 'compliance', {
          pageTitle: `${row.section}: ${row.label}`,
          backLink: `/staff/compliance?${periodQuery(period)}`,
          period: { from: formatLongDate(period.from), to: formatLongDate(period.to) },
          row,
          rows: row.references.flatMap((ref) => {
            const c = byRef.get(ref);
            return c ? [caseRow(c, day)] : [];
          }),
        }),
      );
    }),
    guarded(
      'GET',
      '/staff/compliance/figures.csv',
      'compliance-figures-csv',
      { managerOnly: true },
      async (ctx) => {
        const { period } = periodFrom(ctx.req.query);
        const { figures } = await figuresFor(period);
        return csvResponse(
          figuresCsv(figures, rowsOf(figures)),
          `private-fostering-figures-${period.from}-to-${period.to}.csv`,
        );
      },
    ),
    guarded(
      'GET',
      '/staff/compliance/cases.csv',
      'compliance-cases-csv',
      { managerOnly: true },
      async (ctx) => {
        const { period } = periodFrom(ctx.req.query);
        const { cases } = await figuresFor(period);
        return csvResponse(
          casesCsv(caseReportRows(cases, period, deps.calendar, { today: today() })),
          `private-fostering-cases-${period.from}-to-${period.to}.csv`,
        );
      },
    ),
  ];

  return createWebApp({
    routes: [...signInRoutes, listRoute, caseGet, casePost, ...complianceRoutes],
    views: deps.views,
    // Staff who hit an error go back to their cases, not to the public form.
    errorPageLink: { href: '/staff', text: 'Go to your cases' },
    ...(deps.onResponse ? { onResponse: deps.onResponse } : {}),
    ...(deps.onError ? { onError: deps.onError } : {}),
  });
}

interface FormBodyValues {
  body: ReturnType<typeof parseFormBody>;
  input: Record<string, unknown>;
  values: Record<string, string>;
}
