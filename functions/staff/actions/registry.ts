import type { CaseAction } from './action.ts';
import { allocateAction } from './allocate.ts';
import { correctArrangementAction } from './correct-arrangement.ts';
import { correctChildDetailsAction } from './correct-child-details.ts';
import { linkDuplicateAction } from './link-duplicate.ts';
import { nameReceivingCouncilAction } from './name-receiving-council.ts';
import { recordCheckAction } from './record-check.ts';
import { recordDecisionAction } from './record-decision.ts';
import { recordEndAction } from './record-end.ts';
import { recordFrontDoorDecisionAction } from './record-front-door-decision.ts';
import { recordMoveInAction } from './record-move-in.ts';
import { recordRestrictionAction } from './record-restriction.ts';
import { recordSafetyPlanAction } from './record-safety-plan.ts';
import { recordVisitAction } from './record-visit.ts';
import { recordVisitRequestAction } from './record-visit-request.ts';
import { requestMissingInformationAction } from './request-missing-information.ts';
import { tellReceivingCouncilAction } from './tell-receiving-council.ts';

/** Every case action, in the order of their buttons on the case page. */
export const CASE_ACTIONS: readonly CaseAction[] = [
  recordFrontDoorDecisionAction,
  linkDuplicateAction,
  requestMissingInformationAction,
  allocateAction,
  recordMoveInAction,
  recordVisitAction,
  recordVisitRequestAction,
  recordCheckAction,
  recordSafetyPlanAction,
  recordEndAction,
  tellReceivingCouncilAction,
  nameReceivingCouncilAction,
  recordDecisionAction,
  correctArrangementAction,
  correctChildDetailsAction,
  recordRestrictionAction,
];
