import * as z from 'zod/mini';

/**
 * zod compiles a fast path for each object schema with `new Function` the first time it parses
 * one. A web function at a cold start parses each schema a handful of times (the configuration,
 * a draft, a page's answers), so compiling costs more than it saves: the notify and staff
 * functions import this first and parse without it (issue 16, cold start). Imported for its
 * effect, before any module that builds a schema.
 */
z.config({ jitless: true });
