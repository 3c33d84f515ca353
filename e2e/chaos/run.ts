import { invariantViolations, type InvariantResult } from '../support/ledger';
import { ChaosCluster, type Instance } from './cluster';
import { decisionLateness, deliveryFigures, LATENESS_TARGET_MS, type DeliveryFigures } from './delivery';
import { Bettor, signUp } from './bettor';
import { LoadStats, type LoadContext } from './load';
import { Trader } from './trader';
import { MarketBoard } from './markets';
import { claimedTerms, DeadlockCounter, FeedGaps, leaseTerms, overlaps, type Window } from './observe';
import { measureRecovery, ReadinessLog, type InstanceRecovery, type Probe } from './recovery';
import { Traffic } from './traffic';

export type FaultName = 'kill-one' | 'kill-both' | 'redis' | 'terminate' | 'postgres';

export const FAULT_LABELS: Record<FaultName, string> = {
  'kill-one': 'kill -9 of the feed lease holder, restarted',
  'kill-both': 'kill -9 of both instances, restarted',
  redis: 'Redis shut down and restarted',
  terminate: 'pg_terminate_backend of the instances’ sessions',
  postgres: 'Postgres restarted',
};

/** How long and how hard a chaos run goes; the bounded (npm test) and long (npm run chaos) forms differ only here. */
export interface ChaosPlan {
  name: string;
  users: number;
  /** Mean pause between one bettor's actions. */
  userThinkMs: number;
  traderIntervalMs: number;
  /** Load before the first fault. */
  warmupMs: number;
  /** Load after each fault's recovery, before the invariants are checked. */
  steadyMs: number;
  /** How long Redis and Postgres stay down. */
  outageMs: number;
  /** The generous bound on recovery (the target is 5 s; this is when the run stops waiting). */
  recoveryTimeoutMs: number;
  drainTimeoutMs: number;
  faults: FaultName[];
  feed: boolean;
  feedTickMs: number;
  inplayDelayMs: number;
}

export interface FaultReport {
  name: FaultName;
  detail: string;
  startedAtMs: number;
  healedAtMs: number;
  recovery: InstanceRecovery[];
  /** Whether each live instance answered 503 during the outage and 200 again after it. */
  readiness: Array<{ instance: string; saw503: boolean; first200AfterMs: number | null; readyAtEnd: boolean }>;
  expect503: boolean;
  invariants: InvariantResult[];
}

export interface ChaosReport {
  plan: ChaosPlan;
  wallMs: number;
  faults: FaultReport[];
  finalInvariants: InvariantResult[];
  traffic: Traffic;
  stats: LoadStats;
  deadlocks: number;
  lateness: Awaited<ReturnType<typeof decisionLateness>>;
  feed: { longestSteadyGapMs: number; longestGapMs: number; steadyGapsOverTwoTicks: number; ticksSeen: number };
  leases: { terms: Record<string, number>; holdersPerEpochViolations: number; claimsNotInHistory: number; handoversWhileSteady: number };
  delivery: DeliveryFigures | null;
  drained: boolean;
  autoCashoutsBelowTarget: number;
  autoCashoutsFired: number;
  crashes: Array<{ instance: string; atMs: number; tail: string }>;
  /** What the instances logged as errors (the causes behind masked answers among them). */
  loggedErrors: Array<{ message: string; count: number }>;
  harnessErrors: string[];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The issue's recovery target: a fault's outage answers (503 with Retry-After) are expected for this long after it is healed. */
const RECOVERY_BUDGET_MS = 5000;

/** The instance id each instance reports on /api/health (it changes at every start). */
async function instanceIds(instances: Instance[]): Promise<Map<string, Instance>> {
  const ids = new Map<string, Instance>();
  for (const instance of instances) {
    const body = await fetch(`${instance.server.url}/api/health`).then((r) => r.json() as Promise<{ instance?: string }>, () => null);
    if (body?.instance) ids.set(body.instance, instance);
  }
  return ids;
}

/**
 * Runs the chaos scenario: two instances with the feed on, a private Postgres and Redis, mixed load
 * from `plan.users` bettors and a trader, then each fault in turn with its recovery measured and
 * the invariants checked after it; then the load stops, everything drains, and the run compares
 * what every subscriber received with the outbox and the timelines. Returns every figure; judging
 * them is report.ts's job.
 */
export async function runChaos(plan: ChaosPlan, log: (line: string) => void = console.log): Promise<ChaosReport> {
  const startedMs = Date.now();
  const say = (line: string) => log(`[chaos ${((Date.now() - startedMs) / 1000).toFixed(1).padStart(6)} s] ${line}`);
  say(`${plan.name}: starting Postgres, Redis and two instances (feed ${plan.feed ? 'on' : 'off'}, in-play delay ${plan.inplayDelayMs} ms)`);
  const cluster = await ChaosCluster.start({ feed: plan.feed, inplayDelayMs: plan.inplayDelayMs, feedTickMs: plan.feedTickMs });
  say('cluster up; signing up bettors');
  const traffic = new Traffic();
  const stats = new LoadStats();
  const board = new MarketBoard(() => cluster.sql());
  const ctx: LoadContext = { instances: cluster.instances, traffic, board };
  const readiness = new ReadinessLog(cluster.instances);
  // Faults from injection to recovery, and every stretch with an instance down, plus two ticks'
  // grace: outside them both instances live and nothing is being recovered ("steady").
  const faultWindows: Window[] = [];
  const graceMs = 2 * plan.feedTickMs;
  const disturbed = (): Window[] => [
    ...faultWindows,
    ...cluster.instances.flatMap((i) => i.downtime.map((d) => ({ fromMs: d.fromMs, toMs: (d.toMs ?? Date.now()) + graceMs }))),
  ];
  const feedGaps = new FeedGaps(() => cluster.sql());
  const deadlocks = new DeadlockCounter(() => cluster.deadlocks());
  const bettors: Bettor[] = [];
  let trader: Trader | null = null;
  const faults: FaultReport[] = [];
  try {
    await deadlocks.sample();
    traffic.phase = 'setup';
    const [first] = cluster.instances;
    const endpoint = { name: first.name, url: first.server.url };
    const signIn = await traffic.gql(endpoint, 'signIn', `mutation { signIn(username: "trader", password: "trader-password") { ... on AuthPayload { token } } }`, {});
    trader = new Trader(ctx, stats, signIn?.data?.signIn?.token, plan.traderIntervalMs);
    const probes: Probe[] = [];
    for (const instance of cluster.instances) {
      const event = await trader.createEvent(false, `Probe ${instance.name}`);
      if (!event) throw new Error('could not create the probe event');
      board.reserved.add(event.id);
      const { token } = await signUp(ctx, `probe_${instance.name.replace('-', '_')}`, 10_000n);
      probes.push({ token, selectionId: event.markets[0].selections[0] });
    }
    await trader.openEvents();
    await board.refresh();
    for (let i = 0; i < plan.users; i += 5) {
      const batch = await Promise.all(Array.from({ length: Math.min(5, plan.users - i) }, (_, j) => signUp(ctx, `bettor_${i + j}`, 20_000n)));
      batch.forEach(({ token, userId }, j) => bettors.push(new Bettor(ctx, stats, i + j, token, userId, plan.userThinkMs)));
    }
    say(`${bettors.length} bettors signed up; load starts`);

    board.start();
    readiness.start();
    feedGaps.start();
    for (const bettor of bettors) bettor.start();
    trader.start();
    traffic.phase = 'warm-up';
    await sleep(plan.warmupMs);

    for (const name of plan.faults) {
      // A crashed instance is restarted first (its crash is in the report).
      for (const instance of cluster.instances.filter((i) => !i.up)) await cluster.startInstance(instance);
      await deadlocks.sample();
      traffic.phase = name;
      traffic.outage = true;
      const startedAtMs = Date.now();
      say(`fault: ${FAULT_LABELS[name]}`);
      let detail = '';
      if (name === 'kill-one') {
        const [lease] = await cluster.sql()`select holder from leases where name = 'feed-simulator'`;
        const victim = (lease && (await instanceIds(cluster.instances)).get(lease.holder)) || cluster.instances[0];
        detail = `killed ${victim.name}${lease ? ' (the feed lease holder)' : ''}`;
        cluster.kill(victim);
        await cluster.startInstance(victim);
      } else if (name === 'kill-both') {
        cluster.instances.forEach((i) => cluster.kill(i));
        await Promise.all(cluster.instances.map((i) => cluster.startInstance(i)));
      } else if (name === 'redis') {
        cluster.redis.kill();
        await sleep(plan.outageMs);
        await cluster.redis.start();
      } else if (name === 'terminate') {
        detail = `${await cluster.terminateBackends()} sessions terminated`;
      } else {
        await cluster.postgres.stop('fast');
        await sleep(plan.outageMs);
        await cluster.postgres.start();
        deadlocks.restarted();
      }
      const healedAtMs = Date.now();
      const recovery = await measureRecovery(traffic, cluster.instances, probes, healedAtMs, plan.recoveryTimeoutMs);
      const recoveredAtMs = Date.now();
      traffic.outage = false;
      traffic.outageGraceUntilMs = healedAtMs + RECOVERY_BUDGET_MS;
      faultWindows.push({ fromMs: startedAtMs, toMs: recoveredAtMs + graceMs });
      const slowest = recovery.flatMap((r) => [r.placementMs, r.subscriptionMs]);
      const perInstance = recovery.map((r) => `${r.instance}: place ${r.placementMs ?? 'never'} ms, deliver ${r.subscriptionMs ?? 'never'} ms`).join('; ');
      say(`healed after ${((healedAtMs - startedAtMs) / 1000).toFixed(1)} s${detail ? ` (${detail})` : ''}; served again after ${slowest.some((v) => v === null) ? 'NOT within the timeout' : `${(Math.max(...(slowest as number[])) / 1000).toFixed(2)} s`} (${perInstance})`);
      traffic.phase = `after ${name}`;
      await sleep(plan.steadyMs);
      const expect503 = name === 'redis' || name === 'postgres';
      faults.push({
        name,
        detail,
        startedAtMs,
        healedAtMs,
        recovery,
        expect503,
        readiness: cluster.instances.map((i) => {
          const summary = readiness.summary(i.name, startedAtMs, healedAtMs, healedAtMs);
          const last = readiness.readings.filter((r) => r.instance === i.name).at(-1);
          return { instance: i.name, ...summary, readyAtEnd: last?.status === 200 };
        }),
        invariants: await invariantViolations(cluster.databaseUrl).catch((error) => [{ id: 'check', rule: `could not run: ${(error as Error).message}`, violations: 1, sample: [] }]),
      });
    }

    traffic.phase = 'drain';
    say('load stops; waiting for due bets to be decided and every update delivered');
    await Promise.all([...bettors.map((b) => b.stop()), trader.stop()]);
    for (const instance of cluster.instances.filter((i) => !i.up)) await cluster.startInstance(instance);
    const drainDeadline = Date.now() + plan.drainTimeoutMs;
    let drained = false;
    while (Date.now() < drainDeadline && !drained) {
      try {
        const [{ pending, unpublished }] = await cluster.sql()`select (select count(*)::int from bets where status = 'PENDING') as pending, (select count(*)::int from outbox where published_at is null) as unpublished`;
        const last = await cluster.sql()`select user_id, max(id)::text as cursor from outbox where topic = 'bets' group by user_id`;
        const lastOf = new Map(last.map((r) => [r.user_id, BigInt(r.cursor)]));
        const behind = bettors.filter((b) => (lastOf.get(b.userId) ?? 0n) > BigInt(b.subscriber.lastCursor ?? '0'));
        drained = pending === 0 && unpublished === 0 && behind.length === 0;
      } catch {
        // The database may still be coming back.
      }
      if (!drained) await sleep(500);
    }
    await deadlocks.sample();
    const finalInvariants = await invariantViolations(cluster.databaseUrl, { quiet: true });
    const up = () => cluster.instances.filter((i) => i.up).map((i) => ({ name: i.name, url: i.server.url }))[0] ?? null;
    const delivery = await deliveryFigures(cluster.sql(), traffic, bettors, up);
    const quietless = disturbed();
    const lateness = await decisionLateness(cluster.sql(), quietless, LATENESS_TARGET_MS);
    for (const { dueMs, lateMs } of lateness.worst) {
      const next = quietless.filter((w) => w.fromMs > dueMs).sort((a, b) => a.fromMs - b.fromMs)[0];
      say(`a late quiet decision: due at ${((dueMs - startedMs) / 1000).toFixed(1)} s, ${(lateMs / 1000).toFixed(2)} s late${next ? `; the next fault began ${((next.fromMs - dueMs) / 1000).toFixed(1)} s after it was due` : ''}`);
    }

    const terms = await leaseTerms(cluster.sql());
    const claims = claimedTerms(cluster.instances);
    const holderOf = new Map(terms.map((t) => [`${t.name}#${t.epoch}`, t.holder]));
    const holdersPerEpoch = new Map<string, Set<string>>();
    for (const t of [...terms.map((x) => ({ name: x.name, epoch: x.epoch, holder: x.holder })), ...claims]) {
      const key = `${t.name}#${t.epoch}`;
      holdersPerEpoch.set(key, (holdersPerEpoch.get(key) ?? new Set()).add(t.holder));
    }
    const termCounts: Record<string, number> = {};
    for (const t of terms) termCounts[t.name] = (termCounts[t.name] ?? 0) + 1;
    const firstTermAt = new Map<string, number>();
    for (const t of terms) if (!firstTermAt.has(t.name)) firstTermAt.set(t.name, t.atMs);
    const steadyGaps = feedGaps.steady(quietless);

    const autoFired = await cluster.sql()`select bet_id::text, amount_minor::text from cashout_offers where source = 'AUTO' and status = 'ACCEPTED'`;
    const targets = new Map(bettors.flatMap((b) => [...b.autoTargets]));
    const crashes = cluster.instances.flatMap((i) => i.crashes.map((c) => ({ instance: i.name, ...c })));
    return {
      plan,
      wallMs: Date.now() - startedMs,
      faults,
      finalInvariants,
      traffic,
      stats,
      deadlocks: deadlocks.moved,
      lateness,
      feed: {
        longestSteadyGapMs: Math.max(0, ...steadyGaps),
        longestGapMs: Math.max(0, ...feedGaps.gaps.map((g) => g.toMs - g.fromMs)),
        steadyGapsOverTwoTicks: steadyGaps.filter((g) => g > 2 * plan.feedTickMs).length,
        ticksSeen: feedGaps.gaps.length,
      },
      leases: {
        terms: termCounts,
        holdersPerEpochViolations: [...holdersPerEpoch.values()].filter((h) => h.size > 1).length,
        claimsNotInHistory: claims.filter((c) => holderOf.get(`${c.name}#${c.epoch}`) !== c.holder).length,
        handoversWhileSteady: terms.filter((t) => t.atMs > (firstTermAt.get(t.name) ?? 0) && !overlaps(t.atMs, t.atMs, quietless)).length,
      },
      delivery,
      drained,
      autoCashoutsFired: autoFired.length,
      autoCashoutsBelowTarget: autoFired.filter((r) => targets.has(r.bet_id) && BigInt(r.amount_minor) < targets.get(r.bet_id)!).length,
      crashes,
      loggedErrors: cluster.loggedErrors(),
      harnessErrors: [...stats.counts.keys()].filter((k) => k.startsWith('harness error')),
    };
  } finally {
    // CHAOS_LOG_DIR keeps the instances' output (JSON log lines) for a post-mortem.
    if (process.env.CHAOS_LOG_DIR) say(`instance logs: ${cluster.saveLogs(process.env.CHAOS_LOG_DIR).join(', ')}`);
    readiness.stop();
    feedGaps.stop();
    board.stop();
    await Promise.allSettled([...bettors.map((b) => b.stop()), trader?.stop()]);
    await Promise.allSettled(bettors.map((b) => b.subscriber.stop()));
    await cluster.stop();
    say('cluster stopped');
  }
}
