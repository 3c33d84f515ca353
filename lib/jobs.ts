import { startBetAcceptor } from './bets/accept-pending-bets';
import { startAutoCashout } from './cashout/auto-cashout';
import { pruneCashoutOffers } from './cashout/prune-offers';
import { expireChallenges } from './challenges/challenge-actions';
import { every } from './every';
import { startFeedSimulator } from './feed/simulator';
import { HEARTBEAT_MS } from './live/presence';
import { log } from './log';
import { startResyncAfterReconnect } from './markets/resync-after-reconnect';
import { startRoomAnnouncer } from './rooms/room-announcer';
import type { Runtime } from './runtime';
import { deliverDueWebhooks } from './webhooks/webhooks';

/** What a started job gives back: stopping it resolves once its work in flight has ended. */
export interface Running {
  stop(): Promise<void> | void;
}

/** One background job of an instance. */
export interface Job {
  name: string;
  /** Whether this instance runs it (all do unless said). */
  runs?: (runtime: Runtime) => boolean;
  start(runtime: Runtime): Running | Promise<Running>;
}

const failed = (job: string) => (error: unknown) => log.warn({ err: error, job }, 'background job run failed; will retry');

/**
 * Every background job an instance runs, in the order they start; they stop in the reverse order.
 * Periodic work goes through `every` (lib/every.ts). Jobs guarded by a lease (auto-cashout, the feed)
 * keep it with a keeper on its own connection and timer (lib/lease-keeper.ts), so renewals never
 * wait behind their work. Request-driven work (room activity, the odds response to money, live
 * cashout offers) is not here: it runs when a request calls it and is flushed by `runtime.close()`.
 */
export const JOBS: readonly Job[] = [
  // Tells other instances how many people this one has in each room, and that it is alive.
  { name: 'presence heartbeat', start: (rt) => every(HEARTBEAT_MS, () => rt.presence.heartbeat(), failed('presence heartbeat'), { immediately: true }) },
  // Revoked keys and signed-out tokens: read from the table, then heard of through pub/sub at once.
  { name: 'revocation listener', start: (rt) => rt.revocations.listen() },
  // ...and read from the table again, the bound on how long a lost message can keep a credential working.
  { name: 'revocation poll', start: (rt) => every(rt.env.REVOCATION_POLL_MS, () => rt.revocations.poll(), failed('revocation poll')) },
  // Pushes a room's participant count when people come and go.
  { name: 'room announcer', start: (rt) => startRoomAnnouncer(rt) },
  // Publishes the odds and state of the events watched here afresh once Redis is back (messages sent meanwhile are lost).
  { name: 'live views after reconnect', start: (rt) => startResyncAfterReconnect(rt) },
  // Forgets in-process rate-limit windows that have ended.
  { name: 'rate-limit sweep', start: (rt) => every(60_000, async () => rt.limits.sweep(), failed('rate-limit sweep')) },
  // Publishes committed bet updates (also at once after each commit: runtime.afterCommit); the
  // last pass runs after the loop stopped, so nothing committed before shutdown waits for another instance.
  {
    name: 'outbox relay',
    start: (rt) => {
      const passes = every(250, () => rt.relay.flush(), failed('outbox relay'));
      return {
        async stop() {
          await passes.stop();
          await rt.relay.flush();
        },
      };
    },
  },
  // Decides due in-play bets; every instance runs it (owners shared out by try-locks and SKIP LOCKED).
  { name: 'bet acceptor', start: (rt) => startBetAcceptor(rt) },
  // Watches auto-cashout rules; one instance at a time (by lease), so each rule fires once.
  { name: 'auto-cashout', start: (rt) => startAutoCashout(rt) },
  // Untaken challenges lapse at kick-off; every instance checks (SKIP LOCKED shares the work).
  { name: 'challenge expiry', start: (rt) => every(1000, () => expireChallenges(rt), failed('challenge expiry')) },
  // Partners' webhooks: due deliveries are sent (and retried with backoff) by every instance.
  {
    name: 'webhook delivery',
    start: (rt) =>
      every(
        500,
        () =>
          deliverDueWebhooks(
            { db: rt.db, onResult: (ok) => (ok ? rt.metrics.webhookDeliveries : rt.metrics.webhookFailures).inc() },
            { policy: { allowLoopback: rt.env.WEBHOOK_ALLOW_LOOPBACK === 'on' } },
          ),
        failed('webhook delivery'),
      ),
  },
  // Cashout offers never accepted are deleted a while after they expire (SKIP LOCKED shares the work).
  { name: 'cashout offer pruning', start: (rt) => every(60_000, () => pruneCashoutOffers(rt.db, rt.env.CASHOUT_OFFER_RETENTION_MS), failed('cashout offer pruning')) },
  // The simulated live feed; one instance at a time drives it (by lease).
  { name: 'feed simulator', runs: (rt) => rt.env.FEED === 'simulated', start: (rt) => startFeedSimulator(rt) },
];

/** The background jobs of one instance, as started by startJobs. */
export interface Jobs {
  /** The jobs running, in the order they started. */
  readonly names: readonly string[];
  /** Stops every job in the reverse order, each after its work in flight; resolves with the order they stopped in. */
  stop(): Promise<string[]>;
}

/**
 * Starts every background job of this instance (JOBS, in order) and returns the handle that stops
 * them. Resolves once each has started: revocations are read before it resolves, so a server
 * starts taking requests after it. If one fails to start, those started are stopped and it throws.
 */
export async function startJobs(runtime: Runtime, jobs: readonly Job[] = JOBS): Promise<Jobs> {
  const started: Array<{ name: string; running: Running }> = [];
  let stopping: Promise<string[]> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      const order: string[] = [];
      for (const { name, running } of [...started].reverse()) {
        try {
          await running.stop();
        } catch (error) {
          log.error({ err: error, job: name }, 'background job did not stop cleanly');
        }
        log.debug({ job: name }, 'background job stopped');
        order.push(name);
      }
      return order;
    })());
  for (const job of jobs) {
    if (job.runs && !job.runs(runtime)) continue;
    try {
      started.push({ name: job.name, running: await job.start(runtime) });
    } catch (error) {
      await stop();
      throw error;
    }
    log.debug({ job: job.name }, 'background job started');
  }
  return { names: started.map((s) => s.name), stop };
}
