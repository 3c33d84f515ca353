import { sql, type Placeholder, type Query, type SQL } from 'drizzle-orm';
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

/** The names one part of a composed statement writes with: its own placeholders and common table expressions. */
export interface PartNames {
  /** This part's placeholder `name` (bound from the part's `values` under the same name). */
  slot(name: string): Placeholder;
  /** This part's common table expression `name`, to define (`${cte('rows')} as (...)`) or read. */
  cte(name: string): SQL;
  /** The names of another part of the same statement, to read its common table expressions. */
  of(part: string): PartNames;
}

/**
 * One part of a statement: common table expressions (`name as (...)`, comma-separated) written
 * with the names the composer gives it, and the values of its placeholders under their own names.
 */
export interface StatementPart {
  /** Names the text exactly, as runShaped's shape does. */
  shape: string;
  build: (names: PartNames) => SQL;
  values: Bindings;
}

/** A composed statement's common table expressions, with every part's values bound under its prefix. */
export interface ComposedSql extends ShapedSql {
  /** The names of one part, to read its common table expressions after `with`. */
  names(part: string): PartNames;
}

const PART_KEY = /^[a-z][a-z0-9]*$/;

/** The names of the part `key`: `key_name`; keys hold no underscore, so two parts' names never meet. */
function partNames(key: string): PartNames {
  if (!PART_KEY.test(key)) throw new Error(`statement part key ${JSON.stringify(key)} must be lower-case letters and digits`);
  return {
    slot: (name) => sql.placeholder(`${key}_${name}`),
    cte: (name) => sql.raw(`${key}_${name}`),
    of: (other) => partNames(other),
  };
}

/**
 * Composes parts into one statement's common table expressions, in the order given: each part
 * writes with its own names (placeholders and CTEs prefixed by its key), so parts written apart
 * cannot collide, and one statement can be read where it is composed. A part reads another's
 * CTEs through `names.of(key)`.
 */
export function composeParts(parts: Readonly<Record<string, StatementPart>>): ComposedSql {
  const entries = Object.entries(parts);
  const values: Bindings = {};
  for (const [key, part] of entries) for (const [name, value] of Object.entries(part.values)) values[`${key}_${name}`] = value;
  return {
    shape: entries.map(([key, part]) => `${key}=${part.shape}`).join('+'),
    build: () => sql.join(entries.map(([key, part]) => part.build(partNames(key))), sql`, `),
    values,
    names: partNames,
  };
}

/** Runs `with <parts> <final>`: the parts composed, then the final statement reading their CTEs through `names`. */
export async function runComposed<T>(
  db: Db | Tx,
  shape: string,
  parts: Readonly<Record<string, StatementPart>>,
  final: (names: (part: string) => PartNames) => SQL,
  recursive = false,
): Promise<T[]> {
  const composed = composeParts(parts);
  return runShaped<T>(db, `${shape}:${composed.shape}`, () => sql`with ${recursive ? sql`recursive ` : sql``}${composed.build()} ${final(partNames)}`, composed.values);
}
