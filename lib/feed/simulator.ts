import { randomInt } from 'node:crypto';
import { fencedDb } from '../fenced-db';
import { LeaseLostError, type LeaseFence } from '../lease';
import { every } from '../every';
import { startLeaseKeeper } from '../lease-keeper';
import { log as logger } from '../log';
import type { Runtime } from '../runtime';
import { DEFAULT_DRIFT_MS } from './book';
import { driveEvent, startEvent, UnusableFeedStateError, type DriveContext } from './drive-event';
import { keepSchedule, type ScheduledEvent } from './keep-schedule';
import { loadFeedEvents } from './load-feed-events';
import { DEFAULT_MARGIN_BPS } from './odds-model';
import { createRandom } from './random';

export interface FeedSimulatorOptions {
  /** Real milliseconds between ticks; defaults to env.FEED_TICK_MS. */
  tickMs?: number;
  /** Match time runs this many times faster than real time; defaults to env.FEED_MATCH_SPEED. */
  speed?: number;
  /** Live events to keep at least (an even share per sport); default 6. */
  liveTarget?: number;
  /** Upcoming events to keep (an even share per sport); default 6. */
  upcomingTarget?: number;
  /** How long markets stay suspended after a goal or point of note, in real ms; default 4000. */
  betStopMs?: number;
  /** Mean real time between two periodic re-prices of one market; default DEFAULT_DRIFT_MS. */
  driftMs?: number;
  /** The bookmaker's margin in basis points; default 500 (5%). */
  marginBps?: number;
  /** Seed of the simulation's random numbers; random by default. */
  seed?: number;
  /** The lease that elects the one driving instance; default 'feed-simulator'. */
  leaseName?: string;
  /** How long the lease lasts unless renewed; default three ticks, at least one second. It is renewed on its own timer, a third of this apart. */
  leaseTtlMs?: number;
  /** Where tick failures are reported; default the process log at warn level. */
  log?: (message: string) => void;
}

export interface FeedSimulator {
  /** True while this instance holds the lease and drives the feed. */
  isLeader(): boolean;
  /** The lease term this instance drives the feed under, or null. */
  lease(): LeaseFence | null;
  /** Stops ticking, waits for the tick in flight and gives the lease up. */
  stop(): Promise<void>;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Starts the live feed simulator. Every instance may run one; a lease in Postgres makes sure only
 * one drives the data at a time, and since all match state is in the database another instance
 * carries on where the last holder stopped. The lease is renewed by a keeper on its own timer, so
 * a slow tick does not let it lapse, and every write of a tick is fenced by the term's epoch, so
 * a holder that lost the lease while paused cannot write afterwards.
 */
export function startFeedSimulator(runtime: Pick<Runtime, 'db' | 'pubsub' | 'instanceId' | 'env'>, options: FeedSimulatorOptions = {}): FeedSimulator {
  const tickMs = options.tickMs ?? runtime.env.FEED_TICK_MS;
  const leaseName = options.leaseName ?? 'feed-simulator';
  const leaseTtlMs = options.leaseTtlMs ?? Math.max(3 * tickMs, 1000);
  const log = options.log ?? ((message: string) => logger.warn(message));
  // Each tick drives with a handle fenced by the term it started under (see tick()).
  const ctx: DriveContext = {
    deps: { db: runtime.db, pubsub: runtime.pubsub },
    random: createRandom(options.seed ?? randomInt(2 ** 31)),
    speed: options.speed ?? runtime.env.FEED_MATCH_SPEED,
    betStopMs: options.betStopMs ?? 4000,
    driftMs: options.driftMs ?? DEFAULT_DRIFT_MS,
    marginBps: options.marginBps ?? DEFAULT_MARGIN_BPS,
    maxStepMs: 5 * tickMs,
  };
  const targets = { live: options.liveTarget ?? 6, upcoming: options.upcomingTarget ?? 6 };
  /** Events whose state could not be read, reported once rather than every tick. */
  const unusable = new Set<string>();

  let stopped = false;
  const keeper = startLeaseKeeper(
    { db: runtime.db, databaseUrl: runtime.env.DATABASE_URL },
    { name: leaseName, holder: runtime.instanceId, ttlMs: leaseTtlMs },
  );
  const sameTerm = (fence: LeaseFence) => keeper.current()?.epoch === fence.epoch;

  async function tick(): Promise<void> {
    const fence = keeper.current();
    if (!fence) return;
    const tickCtx: DriveContext = { ...ctx, deps: { ...ctx.deps, db: fencedDb(runtime.db, fence, leaseTtlMs) } };
    const events = await loadFeedEvents(runtime.db);
    const warmStart = !events.some((e) => e.status === 'LIVE');
    const active: ScheduledEvent[] = [];
    for (const event of events) {
      if (stopped || !sameTerm(fence)) return;
      if (unusable.has(event.id)) continue;
      const nowMs = Date.now();
      try {
        if (event.status === 'LIVE') {
          if (await driveEvent(tickCtx, event, nowMs)) continue;
          active.push({ ...event, status: 'LIVE' });
        } else if (event.status === 'UPCOMING' && event.startsAt.getTime() <= nowMs) {
          await startEvent(tickCtx, event, nowMs);
          active.push({ ...event, status: 'LIVE' });
        } else if (event.status === 'UPCOMING') {
          active.push({ ...event, status: 'UPCOMING' });
        }
      } catch (error) {
        // The term ended under this tick: Postgres refused its write, and the next holder drives.
        if (error instanceof LeaseLostError) return;
        if (error instanceof UnusableFeedStateError) {
          // Not counted as active, so the schedule replaces it; the event itself is left as it is.
          unusable.add(event.id);
          log(`feed: ${error.message}; leaving it alone`);
          continue;
        }
        log(`feed: event ${event.id} failed this tick: ${messageOf(error)}`);
        if (event.status === 'LIVE' || event.status === 'UPCOMING') active.push({ ...event, status: event.status });
      }
    }
    if (stopped || !sameTerm(fence)) return;
    await keepSchedule(tickCtx, active, Date.now(), { ...targets, warmStart });
  }

  // One tick every tickMs from the start of the last (at once when a tick took longer).
  const ticks = every(
    tickMs,
    tick,
    (error) => {
      if (!(error instanceof LeaseLostError)) log(`feed: tick failed: ${messageOf(error)}`);
    },
    { pace: 'rate', immediately: true },
  );

  return {
    isLeader: () => keeper.current() !== null,
    lease: () => keeper.current(),
    async stop() {
      stopped = true;
      // The keeper renews until the last tick has ended, then gives the lease up.
      await ticks.stop();
      await keeper.stop();
    },
  };
}
