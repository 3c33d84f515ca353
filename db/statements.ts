import { sql, type Query, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Db, Tx } from './client';
import { rowsOf } from './rows';

/** Values for a statement's placeholders, by name. */
export type Bindings = Record<string, unknown>;

const dialect = new PgDialect();
const texts = new Map<string, Query>();

/**
 * Runs a statement that is turned into SQL text only the first time its shape is seen. drizzle
 * walks every chunk of a composed statement each time it runs one, with a chain of type checks per
 * chunk; on the placement path that was a fifth of the server's CPU. `build` composes the statement
 * with `slot(name)` (`sql.placeholder`) wherever a value goes and is called once per `shape`; every
 * run binds `values` by name.
 *
 * `shape` must name the text exactly: the same shape always builds the same text (a count of legs
 * or entries, say), so shapes are few and the cache stays small. A list of values is best bound as
 * one array (`= any(${slot('ids')}::uuid[])`, `unnest(…)`): one text for any length. Values are
 * passed to the driver as they are: timestamps as ISO text, and big integers inside an array as
 * text (postgres.js sends an array of BigInt as a single int8).
 */
export async function runShaped<T>(db: Db | Tx, shape: string, build: () => SQL, values: Bindings): Promise<T[]> {
  let query = texts.get(shape);
  if (!query) {
    query = dialect.sqlToQuery(build());
    texts.set(shape, query);
  }
  return rowsOf<T>(await db._.session.prepareQuery(query, undefined, undefined, false).execute(values));
}

/** A statement to run inside another's (common table expressions, say): built once per shape, values bound by name. */
export interface ShapedSql {
  shape: string;
  build: () => SQL;
  values: Bindings;
}

/** The placeholder named `name`, for `build` functions. */
export const slot = (name: string) => sql.placeholder(name);
