import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import { connectionLost, retryingTransactions, type RetryOptions } from './retry';
import * as schema from './schema';
import { seedReferenceData } from './seed';

export type Schema = typeof schema;
/** The one database handle type, whichever driver is behind it. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction handle; it has the same query API as Db. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Round-trips to the server; false when it cannot be reached. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const migrationsFolder = join(fileURLToPath(new URL('.', import.meta.url)), 'migrations');
/** Arbitrary constant naming the advisory lock that serialises migrations and seeding. */
const MIGRATION_LOCK_KEY = 72_430_001;

/** Statements with more parameters than this (long id lists) run unnamed: their texts vary too much to be worth keeping. */
const PREPARE_MAX_PARAMS = 64;

/** How long a transaction that lost its connection waits for the driver to notice the close (it normally does at once). */
const LOST_CONNECTION_WAIT_MS = 5_000;

/**
 * A transaction whose connection was lost (a killed backend, say) is not rolled back by hand:
 * postgres.js 3.4.9 would queue the ROLLBACK on the closed connection and then write it to a socket
 * it has already dropped, a TypeError thrown from a timer that takes the process down
 * (porsager/postgres#1154, #1208; open fixes #1168, #1209). Postgres rolls the transaction back
 * itself when the session ends, and `begin` rejects with CONNECTION_CLOSED when the driver sees
 * the close, so the callback's failure is held: once `begin` has settled it is never passed on
 * (nothing more is written on that connection); if the close never comes, it is passed on after
 * LOST_CONNECTION_WAIT_MS and `begin` rolls back as usual.
 */
function heldOnLostConnection(error: unknown, ended: () => boolean): Promise<never> {
  if (!connectionLost(error)) return Promise.reject(error);
  return new Promise((_, reject) => {
    setTimeout(() => {
      if (!ended()) reject(error);
    }, LOST_CONNECTION_WAIT_MS).unref();
  });
}

/**
 * Postgres parses and plans an unnamed statement on every execution, and drizzle asks postgres.js
 * for unnamed statements unless a query is explicitly prepared. Through this client, postgres.js
 * prepares every statement of bounded shape once per connection (its texts come from code, with
 * values as parameters, so there are few) and then only binds and executes it.
 */
function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, property, receiver) {
      if (property === 'unsafe') {
        return (query: string, params: unknown[] = [], options: Record<string, unknown> = {}) =>
          target.unsafe(query, params as never[], { ...options, prepare: params.length > 0 && params.length <= PREPARE_MAX_PARAMS });
      }
      if (property === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.Sql) => unknown;
          let ended = false;
          const held = (error: unknown) => heldOnLostConnection(error, () => ended);
          const begun = (target.begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.Sql) => Promise.resolve(fn(preparing(tx))).catch(held));
          void begun.then(() => (ended = true), () => (ended = true));
          return begun;
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}

/**
 * Opens the database: Postgres when a URL is given, otherwise embedded PGlite under dataDir.
 * Migrations and reference data are applied before it returns, under an advisory lock so that
 * instances starting together against one database do not race.
 */
export async function openDatabase(options: { url?: string; dataDir: string; poolSize?: number; retry?: RetryOptions }): Promise<Database> {
  if (options.url) {
    const lockClient = postgres(options.url, { max: 1, onnotice: () => {} });
    try {
      await lockClient`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      const lockDb = drizzlePostgres(lockClient, { schema });
      await migratePostgres(lockDb, { migrationsFolder });
      await seedReferenceData(lockDb as unknown as Db);
      await lockClient`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    } finally {
      await lockClient.end({ timeout: 5 });
    }
    const client = postgres(options.url, { max: options.poolSize ?? 10, onnotice: () => {} });
    return {
      // Every transaction is retried when it loses a race (db/retry.ts, docs/decisions/0012-lock-order.md).
      db: retryingTransactions(drizzlePostgres(preparing(client), { schema }) as unknown as Db, options.retry),
      kind: 'postgres',
      ping: async () => {
        try {
          await client`select 1`;
          return true;
        } catch {
          return false;
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }

  const dir = resolve(options.dataDir, 'pglite');
  mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  await seedReferenceData(db as unknown as Db);
  return {
    db: retryingTransactions(db as unknown as Db, options.retry),
    kind: 'pglite',
    ping: async () => {
      try {
        await client.query('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => client.close(),
  };
}

