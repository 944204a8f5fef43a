import * as z from 'zod/mini';
import { nonEmpty } from '../page.ts';

/**
 * The `items` field of an "add another" page: up to 50 posted blocks, of which entries with
 * nothing entered are dropped; at most `max` real entries (the stored schema's limit).
 */
export function listField<Shape extends z.core.$ZodLooseShape>(item: z.ZodMiniObject<Shape>) {
  return z.optional(z.array(item));
}

export function tooMany(items: readonly (object | undefined)[] | undefined, max: number, noun: string) {
  return nonEmpty(items ?? []).length > max
    ? [{ id: 'items', text: `You can add up to ${max} ${noun}` }]
    : [];
}
