import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when the text can be a row id; anything else is an unknown id, never a query error. */
export function isId(text: unknown): text is string {
  return typeof text === 'string' && UUID.test(text);
}

/**
 * `column = any($1::uuid[])` with the ids as one array parameter (anything that is not an id is
 * dropped). Unlike inArray, the statement is the same whatever the number of ids, so it is
 * prepared once and costs no more to build for a batch of hundreds than for one.
 */
export function idIn(column: AnyPgColumn, ids: Iterable<string>): SQL {
  const valid = [...ids].filter(isId);
  return sql`${column} = any(${`{${valid.join(',')}}`}::uuid[])`;
}
