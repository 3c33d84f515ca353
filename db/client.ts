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
import type { Env } from '../lib/env';
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
  /**
   * Round-trips to the server on a connection of its own (never queued behind the pool's work);
   * false when it cannot be reached or does not answer within the pool's health timeout.
   */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * How the pool connects and recovers (docs/decisions/0010-postgres-recovery-and-readiness.md).
 * Times in milliseconds; 0 turns a limit off.
 */
export interface PoolOptions {
  size: number;
  /** A connection attempt that has not completed its startup by then is abandoned (and retried). */
  connectTimeoutMs: number;
  /** Idle connections are closed after this long. */
  idleTimeoutMs: number;
  /** Connections are replaced after this long (a little earlier or later, at random, so they do not all go at once). */
  maxLifetimeMs: number;
  /** The longest wait between attempts to reconnect after failures (the backoff doubles up to it). */
  reconnectMaxMs: number;
  /** Statements running longer than this are cancelled by the server. */
  statementTimeoutMs: number;
  /** How long a health ping may take before the database counts as down. */
  healthTimeoutMs: number;
}

export const DEFAULT_POOL: PoolOptions = {
  size: 10,
  connectTimeoutMs: 5000,
  idleTimeoutMs: 60_000,
  maxLifetimeMs: 30 * 60_000,
  reconnectMaxMs: 1000,
  statementTimeoutMs: 15_000,
  healthTimeoutMs: 1000,
};

/** The pool options the environment sets (DATABASE_* and HEALTH_TIMEOUT_MS). */
export function poolOptions(env: Env): PoolOptions {
  return {
    size: env.DATABASE_POOL_SIZE,
    connectTimeoutMs: env.DATABASE_CONNECT_TIMEOUT_MS,
    idleTimeoutMs: env.DATABASE_IDLE_TIMEOUT_MS,
    maxLifetimeMs: env.DATABASE_MAX_LIFETIME_MS,
    reconnectMaxMs: env.DATABASE_RECONNECT_MAX_MS,
    statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
    healthTimeoutMs: env.HEALTH_TIMEOUT_MS,
  };
}

/**
 * postgres.js options for a pool. Its default backoff grows to 20 s after a few failed attempts
 * (3^n / 100 s), so a pool that saw a 3 s outage could wait that long to try again; here it starts
 * at 50 ms and doubles up to `reconnectMaxMs`, with jitter so instances do not retry in step.
 */
export function poolClientOptions(pool: PoolOptions): postgres.Options<Record<string, never>> {
  const seconds = (ms: number) => ms / 1000;
  return {
    max: pool.size,
    onnotice: () => {},
    connect_timeout: seconds(pool.connectTimeoutMs),
    idle_timeout: pool.idleTimeoutMs > 0 ? seconds(pool.idleTimeoutMs) : 0,
    max_lifetime: pool.maxLifetimeMs > 0 ? seconds(pool.maxLifetimeMs) * (0.9 + Math.random() * 0.2) : null,
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, seconds(pool.reconnectMaxMs)) * (0.5 + Math.random() / 2),
    connection: pool.statementTimeoutMs > 0 ? { statement_timeout: pool.statementTimeoutMs } : {},
  };
}

/**
 * A ping on a connection of its own, bounded by `timeoutMs`. A ping that does not answer in time
 * abandons its connection (a socket stuck in startup, or half-open after a restart) and the next
 * ping opens a fresh one.
 */
function dedicatedPing(url: string, timeoutMs: number): { ping(): Promise<boolean>; close(): Promise<void> } {
  const open = () =>
    postgres(url, {
      max: 1,
      onnotice: () => {},
      connect_timeout: Math.max(1, timeoutMs / 1000),
      idle_timeout: 0,
      max_lifetime: null,
      backoff: () => 0,
      connection: { application_name: 'sportsbook-health', statement_timeout: timeoutMs },
    });
  let client = open();
  let closed = false;
  return {
    async ping() {
      if (closed) return false;
      const current = client;
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      try {
        const answer = await Promise.race([current`select 1 as ok`.then((rows) => rows[0]?.ok === 1), timedOut]);
        if (answer !== 'timeout') return answer;
        if (client === current && !closed) {
          client = open();
          // Ended without a deadline: the abandoned statement fails by itself (see lease-connection.ts).
          void current.end().catch(() => {});
        }
        return false;
      } catch {
        return false;
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      closed = true;
      await client.end({ timeout: 1 }).catch(() => {});
    },
  };
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
export async function openDatabase(options: { url?: string; dataDir: string; poolSize?: number; pool?: Partial<PoolOptions>; retry?: RetryOptions }): Promise<Database> {
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
    const pool: PoolOptions = { ...DEFAULT_POOL, ...(options.poolSize ? { size: options.poolSize } : {}), ...options.pool };
    const client = postgres(options.url, poolClientOptions(pool));
    const health = dedicatedPing(options.url, pool.healthTimeoutMs);
    return {
      // Every transaction is retried when it loses a race (db/retry.ts, docs/decisions/0012-lock-order.md).
      db: retryingTransactions(drizzlePostgres(preparing(client), { schema }) as unknown as Db, options.retry),
      kind: 'postgres',
      ping: () => health.ping(),
      close: async () => {
        await health.close();
        await client.end({ timeout: 5 });
      },
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

