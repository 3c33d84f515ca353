import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { isId } from '../markets/read-markets';

/**
 * `column = any($1::uuid[])` with the ids as one array parameter (anything that is not an id is
 * dropped). Unlike inArray, the statement is the same whatever the number of ids, so it is
 * prepared once and costs no more to build for a batch of hundreds than for one.
 */
export function idIn(column: AnyPgColumn, ids: Iterable<string>): SQL {
  const valid = [...ids].filter(isId);
  return sql`${column} = any(${`{${valid.join(',')}}`}::uuid[])`;
}
