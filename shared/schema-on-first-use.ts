import * as z from 'zod/mini';

/**
 * A record schema built the first time something is parsed with it, not when its module is
 * imported. The domain and store modules describe every record the service keeps (cases,
 * notifications, notices, transfers, ...), and each web function imports most of them through
 * its stores; built at import, that was 844 schemas before the notify function served its first
 * page, most of them for records the page never reads; deferred, about 200 (issue 16: 12 ms of
 * a cold start).
 * Types, parsing and errors are exactly those of the schema `build` returns (zod's own `lazy`,
 * which keeps the built schema for every later parse); only a caller needing the object's
 * `shape` must use the inner schema instead.
 */
export const schemaOnFirstUse: typeof z.lazy = z.lazy;
