import type { CaseChange } from '../../../shared/domain/case-change.ts';
import type { CaseSnapshot, StoredCase } from '../../../shared/domain/stored-case.ts';
import type {
  CandidateCouncil,
  MoveBetweenCouncils,
  ReceivingCouncilConfig,
} from '../../../shared/domain/transfer.ts';
import { addError, type FormErrors, type Validated } from '../../../shared/web/form-validation.ts';

/**
 * A case action: one form staff fill in on a case (`/staff/cases/{reference}/{id}`) and the change
 * it plans. Each action is one module in this folder, listed once in registry.ts; the routes, the
 * case page's buttons and the "done" banner all come from the registry. What a change does to the
 * case (records, obligations, reminders) is decided in shared/domain/case-change.ts.
 */

/** Dates a form accepts: nothing before the notification arrived, nothing in the future. */
export interface DateLimits {
  /** Today in London. */
  today: string;
  /** The notification's London date. */
  receivedOn: string;
  receivedOnText: string;
}

/** What an action's form may depend on. */
export interface CaseActionContext {
  snapshot: CaseSnapshot;
  limits: DateLimits;
  /** The council's caseworkers, by name: the identity provider's, and any who have signed in. */
  knownCaseworkers(): Promise<{ email: string; name: string }[]>;
  /** A move between councils, if the case has one (issue 12; shared/domain/transfer.ts). */
  move?: MoveBetweenCouncils | undefined;
  /** The councils configured as places a child may move to. */
  receivingCouncils?: readonly ReceivingCouncilConfig[];
  /**
   * The councils a postcode district lies in, as candidates (the postcode lookup, loaded only when
   * asked: shared/domain/postcode-lookup.ts).
   */
  districtCandidates?(district: string): Promise<CandidateCouncil[]>;
}

/** The values a posted form repeats (checkboxes), to tick them again when the page is shown back. */
export interface PostedValues {
  getAll(name: string): string[];
}

export interface CaseActionDefinition<T> {
  /** The last segment of its path; also the `done` banner's key and the route name in logs. */
  id: string;
  /** The change it plans: who may make it is decided by this (shared/domain/staff-access.ts). */
  changeType: CaseChange['type'];
  template: string;
  /** The page's heading and <title>. */
  title(reference: string): string;
  /** The button on the case page. */
  linkText(c: StoredCase): string;
  /** The banner on the case page once the change is recorded. */
  doneMessage: string;
  /** Whether the form applies to the case as it stands. @default while the case is open */
  applies?(snapshot: CaseSnapshot): boolean;
  /** Why a post is refused (409) when the case is open but the form does not apply. */
  notApplicable?: string;
  /** The answers the form starts with. */
  startValues?(snapshot: CaseSnapshot): Record<string, string>;
  /** Extra values for the template (radio options and the like). */
  viewData?(
    ctx: CaseActionContext,
    posted: PostedValues | undefined,
  ): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** Validates the posted form (GOV.UK error wording). */
  parse(input: Record<string, unknown>, ctx: CaseActionContext): Validated<T> | Promise<Validated<T>>;
  /** The change the valid form asks for. */
  toChange(value: T): CaseChange;
}

/** An action as the routes use it: the definition with defaults, its parse planning the change. */
export interface CaseAction
  extends Required<Omit<CaseActionDefinition<unknown>, 'parse' | 'toChange' | 'viewData'>> {
  viewData(ctx: CaseActionContext, posted: PostedValues | undefined): Promise<Record<string, unknown>>;
  parse(input: Record<string, unknown>, ctx: CaseActionContext): Promise<Validated<CaseChange>>;
}

export function defineCaseAction<T>(def: CaseActionDefinition<T>): CaseAction {
  return {
    id: def.id,
    changeType: def.changeType,
    template: def.template,
    title: def.title,
    linkText: def.linkText,
    doneMessage: def.doneMessage,
    applies: def.applies ?? ((snapshot) => snapshot.caseRecord.status === 'open'),
    notApplicable: def.notApplicable ?? 'This cannot be recorded for this case',
    startValues: def.startValues ?? (() => ({})),
    viewData: async (ctx, posted) => (def.viewData ? def.viewData(ctx, posted) : {}),
    async parse(input, ctx) {
      const result = await def.parse(input, ctx);
      return result.ok ? { ok: true, value: def.toChange(result.value) } : result;
    },
  };
}

// ---- helpers for the forms ------------------------------------------------------------------------

/** The earliest date a form accepts, with its error message. */
export const notBefore = (limits: DateLimits, label: string) => ({
  iso: limits.receivedOn,
  message: `${label} must be on or after ${limits.receivedOnText}, when the notification was received`,
});

/** Adds rules across fields to a result: any error makes the whole form invalid. */
export function withErrors<T>(
  result: Validated<T>,
  extra: { id: string; text: string }[] = [],
): Validated<T> {
  if (extra.length === 0) return result;
  const errors: FormErrors = result.ok ? { list: [], byId: {} } : result.errors;
  for (const e of extra) addError(errors, e.id, e.text);
  return { ok: false, errors };
}
