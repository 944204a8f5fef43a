import type { ReminderPolicy, SchedulePolicy } from '../../shared/domain/statutory-clock.ts';
import type { WorkingDayCalendar } from '../../shared/domain/working-days.ts';
import type { Mailer } from '../../shared/mail/mailer.ts';
import type { CampaignStore } from '../../shared/store/campaign-store.ts';
import type { CaseRecords } from '../../shared/store/case-records.ts';
import type { EmailLedger } from '../../shared/store/email-ledger.ts';
import type { HandoffStore } from '../../shared/store/handoff-store.ts';
import type { InformationLinkStore } from '../../shared/store/information-link-store.ts';
import type { SessionStore } from '../../shared/store/session-store.ts';
import type { TransferTokens } from '../../shared/store/transfer-tokens.ts';
import type { WebRequest, WebResponse } from '../../shared/web/http.ts';
import type { OriginCheck } from '../../shared/web/origin-secret.ts';
import type { ViewRenderer } from '../../shared/web/views.ts';
import { createWebApp, type ResponseLog, type SafeErrorDescription } from '../../shared/web/web-app.ts';
import type { OidcClient } from './auth.ts';
import { awarenessRoutes } from './awareness/routes.ts';
import { caseRoutes } from './case-actions.ts';
import { caseListRoute } from './case-list.ts';
import { complianceRoutes } from './compliance/routes.ts';
import { exportRoutes } from './exports/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { inspectionRoutes } from './inspection/routes.ts';
import { type NoticesToMatchDependencies, noticesToMatchRoutes } from './notices-to-match.ts';
import { signInRoutes } from './sign-in.ts';
import type { StaffConfig } from './staff-config.ts';
import type { StaffDirectory } from './staff-directory.ts';
import { createStaffRoutes } from './staff-routes.ts';

/** What the staff pages need; the handler wires the real ones, tests may wire others. */
export interface StaffAppDependencies {
  cases: CaseRecords;
  sessions: SessionStore;
  /** The "allocated to you" email, sent once per allocation (the ledger remembers it). */
  mailer: Mailer;
  emailLedger: EmailLedger;
  /** The case system's person IDs, audit events of downloads, uploaded imports (exports/, imports/). */
  handoff: HandoffStore;
  /** Links asking the notifier for what is missing (issue 12): issued when a request is recorded. */
  informationLinks: InformationLinkStore;
  /** The council's caseworkers from the identity provider, offered for allocation. */
  directory: StaffDirectory;
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
  /** The front door's notices to match (issue 12); its pages are served when given. */
  noticesToMatch?: Omit<NoticesToMatchDependencies, 'now'>;
  onResponse?: (log: ResponseLog) => void;
  /** Behind CloudFront in AWS: refuse requests that did not come through it (origin-secret.ts). */
  originCheck?: OriginCheck;
  onError?: (error: SafeErrorDescription, route: string) => void;
  /** Awareness campaigns and the council's list of organisations (awareness/routes.ts). */
  campaigns: CampaignStore;
  /** Single-use links for the receiving council's acknowledgement of a transfer notice (issue 12). */
  transferTokens?: TransferTokens;
}

/**
 * The staff pages: sign-in (sign-in.ts), the case list (case-list.ts), one case and its actions
 * (case-actions.ts, one module per action in actions/), and compliance (compliance/).
 */
export function createStaffApp(deps: StaffAppDependencies): (req: WebRequest) => Promise<WebResponse> {
  const staff = createStaffRoutes(deps);
  return createWebApp({
    routes: [
      ...signInRoutes(staff, deps),
      caseListRoute(staff, deps),
      ...caseRoutes(staff, deps),
      ...complianceRoutes(staff, deps),
      ...awarenessRoutes(staff, { ...deps, publicBaseUrl: deps.config.publicBaseUrl }),
      ...exportRoutes(staff, deps),
      ...importRoutes(staff, deps),
      ...inspectionRoutes(staff, deps),
      ...(deps.noticesToMatch ? noticesToMatchRoutes(staff, { ...deps.noticesToMatch, now: deps.now }) : []),
    ],
    views: deps.views,
    // Staff who hit an error go back to their cases, not to the public form.
    errorPageLink: { href: '/staff', text: 'Go to your cases' },
    ...(deps.onResponse ? { onResponse: deps.onResponse } : {}),
    ...(deps.onError ? { onError: deps.onError } : {}),
    ...(deps.originCheck ? { originCheck: deps.originCheck } : {}),
  });
}
