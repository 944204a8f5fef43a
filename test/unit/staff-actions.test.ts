import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CASE_ACTIONS } from '../../functions/staff/actions/registry.ts';

const VIEWS = fileURLToPath(new URL('../../functions/staff/views/', import.meta.url));

describe('the case action registry', () => {
  it('gives every action its own path segment, a page template, a button and a done message', () => {
    expect(new Set(CASE_ACTIONS.map((a) => a.id)).size).toBe(CASE_ACTIONS.length);
    for (const action of CASE_ACTIONS) {
      expect(action.id).toMatch(/^[a-z][a-z-]*$/);
      expect(existsSync(`${VIEWS}${action.template}`), action.template).toBe(true);
      expect(action.title('AB12CD34')).toContain('AB12CD34');
      expect(action.doneMessage.length).toBeGreaterThan(0);
    }
  });

  it('lists the actions in the order of the buttons on the case page', () => {
    expect(CASE_ACTIONS.map((a) => a.id)).toEqual([
      // First while it applies: the front door decides within one working day (Working Together 2023).
      'record-front-door-decision',
      // A possible duplicate is decided first (issue 12): it shows only while undecided.
      'link-duplicate',
      // Asking the notifier for what is missing (issue 12): early, while the front door triages.
      'request-missing-information',
      'allocate',
      'record-move-in',
      'record-visit',
      'record-visit-request',
      'record-check',
      'record-safety-plan',
      'record-end',
      // A move between councils (issue 12): shown while a move waits to be told.
      'tell-receiving-council',
      'name-receiving-council',
      'record-decision',
      'correct-arrangement',
      'correct-child-details',
      'record-restriction',
    ]);
  });
});
