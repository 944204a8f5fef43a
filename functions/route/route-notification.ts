import { type CaseOpeningPolicy, planCaseOpening } from '../../shared/domain/case-opening.ts';
import { withDeputies } from '../../shared/domain/front-door.ts';
import { outOfAreaFlag } from '../../shared/mail/front-door-flags.ts';
import type { Email, Mailer } from '../../shared/mail/mailer.ts';
import { managerAlert, notifierAcknowledgement } from '../../shared/mail/templates.ts';
import type { BouncedAddresses } from '../../shared/store/bounced-addresses.ts';
import type { CaseStore } from '../../shared/store/case-store.ts';
import { type EmailLedger, sendOnce } from '../../shared/store/email-ledger.ts';
import type { NotificationStore } from '../../shared/store/notification-store.ts';
import type { RouteConfig } from './config.ts';
import { type DuplicateCheckDependencies, flagPossibleDuplicate } from './flag-duplicate.ts';

export interface RouteDependencies {
  notifications: NotificationStore;
  cases: CaseStore;
  ledger: EmailLedger;
  /** Addresses that bounced an acknowledgement: not written to again (issue 13). */
  bouncedAddresses: Pick<BouncedAddresses, 'isBounced'>;
  mailer: Mailer;
  config: Pick<RouteConfig, 'councilName' | 'staffBaseUrl' | 'council'> &
    Partial<Pick<RouteConfig, 'deputyManagers'>>;
  policy: CaseOpeningPolicy;
  now: () => Date;
  /** Issue 12: possible duplicates flagged to the front door. */
  duplicates: Pick<DuplicateCheckDependencies, 'matchIndex' | 'matchKeys'>;
}

/**
 * The new-notification alert goes to the designated manager's deputies too, when it is addressed
 * to the designated manager (a notification routed to a team mailbox goes to that team).
 */
const withAlertRecipients = (email: Email, manager: string, deputies: readonly string[]): Email => ({
  ...email,
  to: withDeputies(email.to, manager, deputies),
});

export class NotificationNotFoundError extends Error {
  override name = 'NotificationNotFoundError';
}

/**
 * Route one notification, idempotently: open the case (once), alert the front-door mailbox
 * (once), acknowledge the notifier (once), then take it out of the outbox. Any failure throws, so the message is retried and,
 * after the queue's receive limit, lands in the DLQ for an operator to redrive.
 */
export async function routeNotification(
  reference: string,
  deps: RouteDependencies,
): Promise<{ caseOpened: boolean; alert: string; acknowledgement: string; duplicateFlag: string }> {
  const stored = await deps.notifications.get(reference);
  if (!stored) throw new NotificationNotFoundError(`No notification ${reference}`);
  const { notification } = stored;
  const plan = planCaseOpening(notification, deps.policy);
  const { created } = await deps.cases.open(plan, deps.now());

  const initial = plan.obligations[0];
  if (!initial) throw new Error('A case opens with its initial-visit obligation');
  const caseUrl = `${deps.config.staffBaseUrl}/cases/${reference}`;

  // The alert, the acknowledgement and the out-of-area flag are independent emails, each sent once
  // through its own ledger entry: they go together, not one after another, so the manager's alert
  // never waits behind the notifier's email (issue 16: submit → alert latency). If any fails the
  // whole record is retried, and the ledger skips those already sent.
  const alertSent = sendOnce(deps.ledger, { reference, purpose: 'manager-alert' }, deps.now(), () =>
    deps.mailer.send(
      withAlertRecipients(
        managerAlert(
          {
            councilName: deps.config.councilName,
            reference,
            receivedAt: notification.receivedAt,
            notifierRole: notification.notifier.role,
            initialVisitDue: initial.due,
            initialVisitBasis: initial.basis,
            urgent: plan.caseRecord.urgent,
            gaps: plan.caseRecord.gaps,
            caseUrl,
          },
          plan.caseRecord.mailbox,
        ),
        deps.policy.designatedManager,
        deps.config.deputyManagers ?? [],
      ),
    ),
  );

  const notifierEmail = notification.notifier.email;
  const contact = deps.config.council;
  const acknowledge = async (): Promise<string> => {
    const bounced = notifierEmail ? await deps.bouncedAddresses.isBounced(notifierEmail, deps.now()) : false;
    return bounced
      ? 'address-bounced'
      : notifierEmail
        ? await sendOnce(deps.ledger, { reference, purpose: 'notifier-acknowledgement' }, deps.now(), () =>
            deps.mailer.send(
              notifierAcknowledgement(
                {
                  councilName: deps.config.councilName,
                  reference,
                  initialVisitDue: initial.due,
                  ...(contact ? { contact } : {}),
                },
                notifierEmail,
              ),
            ),
          )
        : 'no-address';
  };

  // Issue 12: a carer's postcode outside the area is flagged to the front door, not left to sit
  // unremarked in the default mailbox.
  const flagOutOfArea = async (): Promise<void> => {
    if (!plan.caseRecord.outOfArea) return;
    await sendOnce(deps.ledger, { reference, purpose: 'out-of-area-flag' }, deps.now(), () =>
      deps.mailer.send(
        outOfAreaFlag(
          {
            councilName: deps.config.councilName,
            reference,
            likelyCouncil: undefined,
            staffBaseUrl: deps.config.staffBaseUrl,
          },
          [deps.policy.designatedManager, ...(deps.config.deputyManagers ?? [])],
        ),
      ),
    );
  };

  const [alert, acknowledgement] = await allOrFirstError(alertSent, acknowledge(), flagOutOfArea());

  const duplicate = await flagPossibleDuplicate(notification, {
    ...deps.duplicates,
    ledger: deps.ledger,
    mailer: deps.mailer,
    designatedManager: deps.policy.designatedManager,
    deputyManagers: deps.config.deputyManagers ?? [],
    config: deps.config,
    now: deps.now,
  });

  // Only now is the notification safely routed: until here the outbox would bring it back.
  await deps.notifications.markRouted(reference, deps.now());
  return { caseOpened: created, alert, acknowledgement, duplicateFlag: duplicate.email };
}

/**
 * Waits for every one (so none is left running when the record fails and is retried), then returns
 * their values, or throws the first failure.
 */
async function allOrFirstError<T extends unknown[]>(
  ...promises: { [K in keyof T]: Promise<T[K]> }
): Promise<T> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as T;
}
