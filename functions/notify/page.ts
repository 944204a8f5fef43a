import * as z from 'zod/mini';
import { formatLongDate, isIsoDate } from '../../shared/domain/local-date.ts';
import { addError, type FormErrors, toFormErrors, type Validated } from '../../shared/web/form-validation.ts';

/** What every page's rules may depend on. `now` is passed in, never read from the clock. */
export interface PageContext {
  now: Date;
  /** Today in Europe/London, ISO. */
  today: string;
  councilName: string;
  /** Every page's stored input, by page id. */
  answers: Record<string, unknown>;
}

/** A row on "Check your answers": a key and one or more lines of text (escaped when rendered). */
export interface SummaryRow {
  key: string;
  lines: string[];
  /** The id of the field that answers it: its "Change" link lands there. */
  field?: string;
}

export interface ListOptions {
  /** The array field in the page's input: `items`. */
  field: string;
  /** Most entries allowed (the stored schema's limit). */
  max: number;
  /** "parent", "address": for "Add another parent", "Remove parent 2". */
  noun: string;
}

/**
 * One question page: its schema (what the form posts → the value kept), the template that shows
 * it, and how it appears on "Check your answers". A page's stored answer is its validated *input*
 * (what was typed), so returning to the page shows exactly what was typed, and every read of a
 * draft goes back through the schema: a stored answer is validated each time it is used.
 */
export interface QuestionPage<T = unknown> {
  id: string;
  path: string;
  template: string;
  /** The page's heading and <title>. */
  title: string;
  /** The heading it is grouped under on "Check your answers". */
  section: string;
  list?: ListOptions;
  /** Top-level input fields, to keep only what the page asks for. */
  inputKeys(ctx: PageContext): string[];
  parse(input: unknown, ctx: PageContext): Validated<T>;
  /** Where to go next when it is not simply the next page (a branch). */
  next(input: unknown, ctx: PageContext): string | undefined;
  summary(input: unknown, ctx: PageContext): SummaryRow[];
  /** Extra values for the template (radio options and the like). */
  viewData(ctx: PageContext): Record<string, unknown>;
  /** Input to show on a page not yet answered, worked out from earlier answers. */
  prefill(ctx: PageContext): Record<string, unknown> | undefined;
}

export interface PageDefinition<Shape extends z.core.$ZodLooseShape, T> {
  id: string;
  path: string;
  template: string;
  title: string;
  section: string;
  list?: ListOptions;
  fields: (ctx: PageContext) => z.ZodMiniObject<Shape>;
  /**
   * Rules across fields: return errors by field id, in the order of the page. For a date input,
   * `parts` says which of day, month and year to highlight (the summary links to the first).
   */
  check?: (
    value: z.output<z.ZodMiniObject<Shape>>,
    ctx: PageContext,
  ) => { id: string; text: string; parts?: string[] }[];
  /** Shape the parsed fields into the page's value. */
  toValue: (value: z.output<z.ZodMiniObject<Shape>>) => T;
  next?: (value: T, ctx: PageContext) => string | undefined;
  summary: (value: T | undefined, ctx: PageContext) => SummaryRow[];
  viewData?: (ctx: PageContext) => Record<string, unknown>;
  prefill?: (ctx: PageContext) => Record<string, unknown> | undefined;
}

export function definePage<Shape extends z.core.$ZodLooseShape, T>(
  def: PageDefinition<Shape, T>,
): QuestionPage<T> {
  const parse = (input: unknown, ctx: PageContext): Validated<T> => {
    const result = z.safeParse(def.fields(ctx), input ?? {});
    if (!result.success) {
      const errors: FormErrors = toFormErrors(result.error.issues);
      return { ok: false, errors };
    }
    const problems = def.check?.(result.data, ctx) ?? [];
    if (problems.length > 0) {
      const errors: FormErrors = { list: [], byId: {} };
      for (const p of problems) addError(errors, p.id, p.text, p.parts ? { parts: p.parts } : undefined);
      return { ok: false, errors };
    }
    return { ok: true, value: def.toValue(result.data) };
  };
  return {
    id: def.id,
    path: def.path,
    template: def.template,
    title: def.title,
    section: def.section,
    ...(def.list ? { list: def.list } : {}),
    inputKeys: (ctx) => Object.keys(def.fields(ctx).shape),
    parse,
    next(input, ctx) {
      if (!def.next) return undefined;
      const parsed = parse(input, ctx);
      return parsed.ok ? def.next(parsed.value, ctx) : undefined;
    },
    summary(input, ctx) {
      if (input === undefined) return def.summary(undefined, ctx);
      const parsed = parse(input, ctx);
      return def.summary(parsed.ok ? parsed.value : undefined, ctx);
    },
    viewData: (ctx) => def.viewData?.(ctx) ?? {},
    prefill: (ctx) => def.prefill?.(ctx),
  };
}

/**
 * One screen of the journey: what a notifier sees at one address. A page (an answer record, kept
 * under the page's id in the draft) may be asked across several screens, one question each (GOV.UK
 * question pages: one thing per page), so the stored answers, the notification built from them and
 * drafts saved before the split keep the same shape. Each screen names the page's input keys it
 * asks; the page's schema still checks the whole record.
 */
export interface Screen {
  /** Unique: the route's name, and `from=` on the save page. */
  id: string;
  page: QuestionPage;
  path: string;
  template: string;
  /** The <title> (and, for a one-question screen, the question that is the heading). */
  title: string;
  /** The page's top-level input keys this screen asks; all of them when absent. */
  keys?: readonly string[];
  /**
   * Whether this screen is shown to this notifier (for example only to a carer): the next and
   * back links, "Check your answers", save and return and the notification all leave out a screen
   * that does not apply.
   */
  appliesTo?: (ctx: PageContext) => boolean;
}

/** A screen's keys: its own, or every key of its page. */
export function screenKeys(screen: Screen, ctx: PageContext): string[] {
  return screen.keys ? [...screen.keys] : screen.page.inputKeys(ctx);
}

export const applies = (screen: Screen, ctx: PageContext): boolean => screen.appliesTo?.(ctx) ?? true;

/** The errors a screen shows: those for the fields it asks ("dateOfBirth-day" is dateOfBirth's). */
export function errorsFor(errors: FormErrors, keys: readonly string[]): FormErrors {
  const mine = (id: string) => keys.includes(id.replace(/^#/, '').split('-')[0] ?? '');
  return {
    list: errors.list.filter((e) => mine(e.href)),
    byId: Object.fromEntries(Object.entries(errors.byId).filter(([id]) => mine(id))),
  };
}

/** A page's value from the draft, or undefined when not answered (or no longer valid). */
export function answerOf<T>(page: QuestionPage<T>, ctx: PageContext): T | undefined {
  const input = ctx.answers[page.id];
  if (input === undefined) return undefined;
  const parsed = page.parse(input, ctx);
  return parsed.ok ? parsed.value : undefined;
}

// ---- summary helpers --------------------------------------------------------------------------

export const NOT_GIVEN = 'Not given';

export const line = (value: string | undefined | null): string[] => [value || NOT_GIVEN];

export interface AddressLike {
  line1?: string | undefined;
  line2?: string | undefined;
  town?: string | undefined;
  postcode?: string | undefined;
  country?: string | undefined;
}

export function addressLines(address: AddressLike | undefined): string[] {
  if (!address) return [NOT_GIVEN];
  const lines = [address.line1, address.line2, address.town, address.postcode, address.country].filter(
    (l): l is string => !!l,
  );
  return lines.length ? lines : [NOT_GIVEN];
}

/** "5 March 2026" (GOV.UK date style), or undefined for a missing or malformed date. */
export function formatDate(iso: string | undefined): string | undefined {
  return isIsoDate(iso) ? formatLongDate(iso) : undefined;
}

/** Drop list entries where nothing was entered: a blank "add another" block is not an entry. */
export function nonEmpty<T extends object>(items: readonly (T | undefined)[] | undefined): T[] {
  return (items ?? []).filter(
    (item): item is T => !!item && Object.values(item).some((v) => v !== undefined && v !== false),
  );
}
