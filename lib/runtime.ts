import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase, poolOptions, type Database, type Db } from '../db/client';
import type { Env } from './env';
import { createMemoryPresence, createRedisPresence, type Presence } from './live/presence';
import { createMemoryPubSub, createRedisPubSub, type PubSub } from './live/pubsub';
import { addScrapeGauges, createMetrics, transactionRetryReporter, type Metrics } from './live/metrics';
import { createOutboxRelay, outboxLagSeconds, type OutboxRelay } from './live/outbox';
import { createMemoryRateLimiter, createRedisRateLimiter, type RateLimiter } from './live/rate-limit';
import { createRevocations, type Revocations } from './auth/revocations';
import type { BetDeps } from './bets/deps';
import { createLiveOffers, type LiveOffers } from './cashout/live-offers';
import { createCashoutCounters, type CashoutCounters } from './cashout/metrics';
import { createBetActivityPublisher } from './rooms/publish-bet-activity';
import { createMoneyResponder } from './markets/respond-to-money';
import { log } from './log';

/** Everything a request or a background job needs, created once per process. */
export interface Runtime {
  env: Env;
  db: Db;
  database: Database;
  pubsub: PubSub;
  presence: Presence;
  limits: RateLimiter;
  /** Revoked keys and signed-out tokens, shared by every instance; sockets watch their credential here. */
  revocations: Revocations;
  /** Unique per process start; names this instance in leases and presence. */
  instanceId: string;
  /** The key that signs and verifies tokens. */
  authSecret: Uint8Array;
  /** Bet limits and timings, from the environment. */
  config: BetDeps['config'];
  /** Cashout margin and the cashout counters. */
  cashout: { marginBps: number; counters: CashoutCounters };
  /** Live cashout offers for owners connected to this instance. */
  liveOffers: LiveOffers;
  /** Prometheus metrics of this process. */
  metrics: Metrics;
  /** Publishes committed outbox rows. */
  relay: OutboxRelay;
  /** Call after committing outbox rows, so they are published at once rather than on the next poll. */
  afterCommit: () => void;
  /** Announces a new bet in its events' rooms. */
  onBetPlaced: (betId: string) => void;
  /** Lets prices respond to a bet that now stands. */
  onBetAccepted: (betId: string, legs?: ReadonlyArray<{ marketId: string; eventId: string }>) => void;
  close(): Promise<void>;
}

/**
 * Opens the database (migrating and seeding it), pub/sub, presence and rate limits, and builds what
 * requests call: the outbox relay, bet activity, the odds response to money and live cashout
 * offers. It starts no background job: startJobs (lib/jobs.ts) does. `close()` flushes what
 * requests left pending and closes the connections; stop the jobs first.
 */
export async function createRuntime(env: Env): Promise<Runtime> {
  const metrics = createMetrics();
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: env.DATA_DIR, pool: poolOptions(env), retry: { onRetry: transactionRetryReporter(metrics) } });
  let pubsub: PubSub;
  try {
    pubsub = env.REDIS_URL ? await createRedisPubSub(env.REDIS_URL, env.REDIS_PREFIX) : createMemoryPubSub();
  } catch (error) {
    await database.close();
    throw error;
  }
  const instanceId = randomUUID();
  const presence = env.REDIS_URL ? createRedisPresence(env.REDIS_URL, env.REDIS_PREFIX, instanceId) : createMemoryPresence();
  const limits = env.REDIS_URL ? await createRedisRateLimiter(env.REDIS_URL, env.REDIS_PREFIX) : createMemoryRateLimiter();
  const revocations = createRevocations({ db: database.db, pubsub });
  const relay = createOutboxRelay({ db: database.db, pubsub }, { retentionMs: env.OUTBOX_RETENTION_MS });
  const cashout = { marginBps: env.CASHOUT_MARGIN_BPS, counters: createCashoutCounters() };
  const afterCommit = () => relay.nudge();
  addScrapeGauges(metrics, { cashout: () => cashout.counters, outboxLagSeconds: () => outboxLagSeconds(database.db) });
  const activity = createBetActivityPublisher({ db: database.db, pubsub });
  const onBetPlaced = (betId: string) => activity.betPlaced(betId);
  const moneyResponder = createMoneyResponder({ db: database.db, pubsub, afterCommit: () => relay.nudge() });
  const onBetAccepted = (betId: string, legs?: ReadonlyArray<{ marketId: string; eventId: string }>) =>
    void moneyResponder.betAccepted(betId, legs).catch((error) => log.warn({ err: error }, 'odds response to money failed'));
  const liveOffers = createLiveOffers({ db: database.db, pubsub, cashout, afterCommit }, { throttleMs: env.CASHOUT_OFFER_THROTTLE_MS });
  return {
    env,
    config: {
      stakeMinMinor: env.STAKE_MIN,
      stakeMaxMinor: env.STAKE_MAX,
      maxPayoutMinor: env.MAX_PAYOUT,
      inplayDelayMs: env.INPLAY_DELAY_MS,
      betRatePerMinute: env.BET_RATE_PER_MINUTE,
      placementBatchMax: env.PLACEMENT_BATCH_MAX,
    },
    relay,
    afterCommit,
    onBetPlaced,
    onBetAccepted,
    cashout,
    metrics,
    liveOffers,
    db: database.db,
    database,
    pubsub,
    presence,
    limits,
    revocations,
    instanceId,
    authSecret: new TextEncoder().encode(env.AUTH_SECRET ?? localAuthSecret(env.DATA_DIR)),
    async close() {
      await activity.stop();
      await moneyResponder.stop();
      await liveOffers.close();
      await relay.stop();
      await presence.close();
      await limits.close();
      await revocations.close();
      await pubsub.close();
      await database.close();
    },
  };
}

/**
 * Without AUTH_SECRET (the embedded, single-instance default) a random secret is kept in the
 * data folder, so sign-ins survive restarts without anyone choosing a secret.
 */
function localAuthSecret(dataDir: string): string {
  const file = join(resolve(dataDir), 'auth-secret');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(resolve(dataDir), { recursive: true });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
