import { describe, expect, it } from 'vitest';
import { submissionIdOf } from '../../functions/notify/build-notification.ts';
import type { PageContext } from '../../functions/notify/page.ts';
import { type SubmitDraftDependencies, submitDraft } from '../../functions/notify/submit-notification.ts';
import type { Notification } from '../../shared/domain/notification.ts';
import type { Draft } from '../../shared/store/draft-store.ts';
import type { StoredNotification } from '../../shared/store/notification-store.ts';
import { aNotification } from '../fixtures/notifications.ts';

const NOW = new Date('2026-06-15T10:00:00Z');
const ANSWERS = {
  'about-you': { role: 'health', name: 'Dr Example' },
  'contact-details': { email: 'dr@surgery.example' },
  child: { name: 'A Child', disabled: 'unknown' },
};
const draft: Draft = {
  id: 'a'.repeat(22),
  reference: 'AAAAAAAA',
  csrfToken: 'c'.repeat(43),
  answers: ANSWERS,
  unfinished: {},
  createdAt: NOW.toISOString(),
  updatedAt: NOW.toISOString(),
  expiresAt: 1_900_000_000,
};
const ctx: PageContext = { now: NOW, today: '2026-06-15', councilName: 'Anytown Council', answers: ANSWERS };

/** The stores and queue in memory, recording what the use case did to them. */
function fakes(stored: Notification[] = [], newReferences: string[] = []) {
  const notifications = new Map<string, StoredNotification>(
    stored.map((n) => [n.reference, { notification: n, queuedAt: NOW.toISOString() }]),
  );
  const done = { queued: [] as string[], received: [] as string[], replaced: [] as string[], submitted: 0 };
  const deps: SubmitDraftDependencies = {
    notifications: {
      async record(n) {
        if (notifications.has(n.reference)) return { created: false };
        notifications.set(n.reference, { notification: n });
        return { created: true };
      },
      get: async (reference) => notifications.get(reference),
      async markQueued(reference) {
        const item = notifications.get(reference);
        if (item) notifications.set(reference, { ...item, queuedAt: NOW.toISOString() });
      },
      markRouted: async () => {},
    },
    queue: { send: async ({ reference }) => void done.queued.push(reference) },
    drafts: {
      replaceReference: async (_id, reference) => void done.replaced.push(reference),
      markSubmitted: async () => void done.submitted++,
    },
    now: () => NOW,
    newReference: () => newReferences.shift() ?? 'ZZZZZZZZ',
    onNotificationReceived: (reference) => done.received.push(reference),
  };
  return { deps, done, notifications };
}

describe('submitting a draft', () => {
  it('stores and queues the notification under the draft reference, and marks the draft submitted', async () => {
    const { deps, done, notifications } = fakes();
    expect(await submitDraft(draft, ctx, deps)).toEqual({ submitted: true, reference: 'AAAAAAAA' });
    expect(notifications.get('AAAAAAAA')?.notification.notifier.name).toBe('Dr Example');
    expect(done).toEqual({ queued: ['AAAAAAAA'], received: ['AAAAAAAA'], replaced: [], submitted: 1 });
  });

  it('confirms its own earlier attempt without counting it as received again', async () => {
    const earlier = aNotification({ reference: 'AAAAAAAA', submissionId: submissionIdOf(draft.id) });
    const { deps, done } = fakes([earlier]);
    expect(await submitDraft(draft, ctx, deps)).toEqual({ submitted: true, reference: 'AAAAAAAA' });
    expect(done).toEqual({ queued: [], received: [], replaced: [], submitted: 1 });
  });

  it("takes a new reference when another draft's notification holds this one", async () => {
    const other = aNotification({ reference: 'AAAAAAAA' });
    const { deps, done, notifications } = fakes([other], ['BBBBBBBB']);
    expect(await submitDraft(draft, ctx, deps)).toEqual({ submitted: true, reference: 'BBBBBBBB' });
    expect(notifications.get('AAAAAAAA')?.notification).toBe(other);
    expect(notifications.get('BBBBBBBB')?.notification.notifier.name).toBe('Dr Example');
    expect(done).toEqual({
      queued: ['BBBBBBBB'],
      received: ['BBBBBBBB'],
      replaced: ['BBBBBBBB'],
      submitted: 1,
    });
  });

  it('gives up after repeated collisions, leaving the draft unsubmitted', async () => {
    const taken = ['AAAAAAAA', 'BBBBBBBB', 'CCCCCCCC'].map((reference) => aNotification({ reference }));
    const { deps, done } = fakes(taken, ['BBBBBBBB', 'CCCCCCCC']);
    await expect(submitDraft(draft, ctx, deps)).rejects.toThrow('Reference collisions on submit');
    expect(done.submitted).toBe(0);
  });

  it('says what is missing, and stores nothing, when the answers are not enough to act on', async () => {
    const { deps, done, notifications } = fakes();
    const outcome = await submitDraft({ ...draft, answers: {} }, { ...ctx, answers: {} }, deps);
    expect(outcome.submitted).toBe(false);
    expect(outcome.submitted ? [] : outcome.problems.map((p) => p.href)).toContain('/about-you');
    expect(notifications.size).toBe(0);
    expect(done.submitted).toBe(0);
  });
});
