import type { CaseAction } from './action.ts';
import { allocateAction } from './allocate.ts';
import { linkDuplicateAction } from './link-duplicate.ts';
import { recordCheckAction } from './record-check.ts';
import { recordDecisionAction } from './record-decision.ts';
import { recordEndAction } from './record-end.ts';
import { recordSafetyPlanAction } from './record-safety-plan.ts';
import { recordVisitAction } from './record-visit.ts';
import { recordVisitRequestAction } from './record-visit-request.ts';

/** Every case action, in the order of their buttons on the case page. */
export const CASE_ACTIONS: readonly CaseAction[] = [
  linkDuplicateAction,
  allocateAction,
  recordVisitAction,
  recordVisitRequestAction,
  recordCheckAction,
  recordSafetyPlanAction,
  recordEndAction,
  recordDecisionAction,
];
