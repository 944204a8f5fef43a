import type { Notification } from '../../shared/domain/notification.ts';
import type { NotificationQueue } from '../../shared/queue/notification-queue.ts';
import type { NotificationStore } from '../../shared/store/notification-store.ts';

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
): Promise<{ reference: string; duplicate: boolean; queued: boolean }> {
  const { reference } = notification;
  const { created } = await deps.notifications.record(notification);
  if (!created) {
    const existing = await deps.notifications.get(reference);
    if (existing?.queuedAt) return { reference, duplicate: true, queued: true };
  }
  try {
    await deps.queue.send({ reference });
  } catch (error) {
    // Stored is safe: the outbox entry gets it queued by the next sweep. Tell the caller, who
    // logs the reference (never the contents) and still confirms to the notifier.
    deps.onQueueFailure?.(reference, error);
    return { reference, duplicate: !created, queued: false };
  }
  await deps.notifications.markQueued(reference, deps.now());
  return { reference, duplicate: !created, queued: true };
}
