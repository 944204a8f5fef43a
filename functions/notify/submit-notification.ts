import type { Notification } from '../../shared/domain/notification.ts';
import type { NotificationQueue } from '../../shared/queue/notification-queue.ts';
import type { Draft, DraftStore } from '../../shared/store/draft-store.ts';
import type { NotificationStore } from '../../shared/store/notification-store.ts';
import { buildNotification, type SubmissionProblem, submissionIdOf } from './build-notification.ts';
import type { PageContext } from './page.ts';

export interface SubmitDependencies {
  notifications: NotificationStore;
  queue: NotificationQueue;
  now: () => Date;
  onQueueFailure?: (reference: string, error: unknown) => void;
}

/**
 * Store the notification, then queue it for routing. Idempotent on the reference (which the
 * draft fixed before submission): a double click or a retry stores one notification, and queues
 * it again only if no earlier attempt got as far as the queue. A queue failure leaves the
 * notification in the outbox, which the sweep drains, so the caller may show the confirmation.
 */
export async function submitNotification(
  notification: Notification,
  deps: SubmitDependencies,
  options: {
    /**
     * Run alongside marking the notification queued, when it is new and queued: independent writes
     * (the draft's own item) need not wait for it, one round trip less on the submit (issue 16).
     */
    alongsideMarkQueued?: () => Promise<unknown>;
  } = {},
): Promise<{ reference: string; duplicate: boolean; queued: boolean; ranAlongside: boolean }> {
  const { reference } = notification;
  const { created } = await deps.notifications.record(notification);
  if (!created) {
    const existing = await deps.notifications.get(reference);
    if (existing?.queuedAt) return { reference, duplicate: true, queued: true, ranAlongside: false };
  }
  try {
    await deps.queue.send({ reference });
  } catch (error) {
    // Stored is safe: the outbox entry gets it queued by the next sweep. Tell the caller, who
    // logs the reference (never the contents) and still confirms to the notifier.
    deps.onQueueFailure?.(reference, error);
    return { reference, duplicate: !created, queued: false, ranAlongside: false };
  }
  const alongside = created ? options.alongsideMarkQueued : undefined;
  await Promise.all([deps.notifications.markQueued(reference, deps.now()), alongside?.()]);
  return { reference, duplicate: !created, queued: true, ranAlongside: alongside !== undefined };
}

export interface SubmitDraftDependencies extends SubmitDependencies {
  drafts: Pick<DraftStore, 'replaceReference' | 'markSubmitted'>;
  newReference: () => string;
  /** Called once per new notification stored (not for a retry of one already stored). */
  onNotificationReceived?: (reference: string) => void;
}

export type SubmitDraftOutcome =
  /** Sent (or already sent by an earlier attempt); the draft is marked submitted. */
  | { submitted: true; reference: string }
  /** Not enough to act on: what to fix, and on which page. */
  | { submitted: false; problems: SubmissionProblem[] };

/** Reference collisions tolerated in one submit before giving up (each is about 1 in a trillion). */
const MAX_NEW_REFERENCES = 2;

/**
 * Submit a draft: build the notification from its answers, store and queue it (submitNotification)
 * and mark the draft submitted. The reference was fixed when the draft started, so a retry finds
 * its own notification already stored and is confirmed as sent.
 *
 * A notification already stored under the reference that is not this draft's (another draft drew
 * the same reference) is never confirmed as ours: the draft takes a new reference and sends again.
 */
export async function submitDraft(
  draft: Draft,
  ctx: PageContext,
  deps: SubmitDraftDependencies,
  /** The notification already built from this draft and ctx under its reference (draftNotification). */
  prebuilt?: BuiltNotification,
): Promise<SubmitDraftOutcome> {
  let reference = draft.reference;
  const markSubmitted = () => deps.drafts.markSubmitted(draft.id, deps.now());
  for (let attempt = 0; ; attempt++) {
    // Built once per reference: the answers are parsed here, not again for each step.
    const built =
      prebuilt && reference === draft.reference ? prebuilt : draftNotification(draft, ctx, reference);
    if (!built.ok) return { submitted: false, problems: built.problems };
    // A new notification, stored and queued: the draft is marked submitted at the same time as the
    // notification is marked queued (two items, neither waits for the other). A retry or a
    // collision is settled first, below, and the draft marked after.
    const result = await submitNotification(built.notification, deps, { alongsideMarkQueued: markSubmitted });
    if (!result.duplicate) {
      deps.onNotificationReceived?.(reference);
      if (result.ranAlongside) return { submitted: true, reference };
      break;
    }
    // Already stored under this reference: our own earlier attempt (the draft was not yet marked
    // submitted), or another draft's notification.
    const stored = await deps.notifications.get(reference);
    if (stored?.notification.submissionId === submissionIdOf(draft.id)) break;
    if (attempt >= MAX_NEW_REFERENCES) throw new Error('Reference collisions on submit');
    reference = deps.newReference();
    await deps.drafts.replaceReference(draft.id, reference, deps.now());
  }
  await markSubmitted();
  return { submitted: true, reference };
}

export type BuiltNotification = ReturnType<typeof buildNotification>;

/** The notification a draft's answers make under `reference`, or what is missing. */
export function draftNotification(
  draft: Draft,
  ctx: PageContext,
  reference = draft.reference,
): BuiltNotification {
  return buildNotification(ctx, { reference, receivedAt: ctx.now.toISOString(), draftId: draft.id });
}
