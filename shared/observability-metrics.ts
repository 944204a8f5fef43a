/**
 * The custom CloudWatch metrics the functions emit (Powertools Metrics, EMF) and the alarms and
 * dashboard read. One list, so a renamed metric cannot silently leave an alarm watching nothing.
 * Powertools adds the dimension `service` (the function's short name) to every metric.
 */
export const METRICS_NAMESPACE = 'PrivateFostering';

export const METRICS = {
  /** notify: notifications accepted from the form (one per reference). */
  notificationsReceived: { service: 'notify', name: 'NotificationsReceived' },
  /** route: notifications routed (case opened, manager alerted). */
  notificationsRouted: { service: 'route', name: 'NotificationsRouted' },
  /** remind: reminder emails sent, and those that failed to send, per sweep. */
  remindersSent: { service: 'remind', name: 'RemindersSent' },
  reminderSendFailures: { service: 'remind', name: 'ReminderSendFailures' },
  /**
   * remind: notifications the outbox safety net sent to the queue again, per sweep: each was stored
   * but not routed within 15 minutes (the send at submit failed, or routing is failing).
   */
  notificationsRequeued: { service: 'remind', name: 'NotificationsRequeued' },
  /** remind: how late (seconds) the most overdue reminder was when the sweep ran; 0 when none. */
  oldestDueReminderAge: { service: 'remind', name: 'OldestDueReminderAgeSeconds' },
  /** ses-events: emails SES could not deliver (bounce) or refused to send (reject). */
  emailsUndelivered: { service: 'ses-events', name: 'EmailsUndelivered' },
  /** ses-events: recipients who marked an email as spam. */
  emailComplaints: { service: 'ses-events', name: 'EmailComplaints' },
  /** ses-events: emails SES is still retrying (a delay, not yet a failure). */
  emailsDelayed: { service: 'ses-events', name: 'EmailsDelayed' },
  /**
   * ses-events: undelivered emails that could not be escalated, because the one who would be told
   * (the designated manager) is the one who could not be reached. An operator must act.
   */
  deliveryFailuresNotEscalated: { service: 'ses-events', name: 'DeliveryFailuresNotEscalated' },
} as const;
