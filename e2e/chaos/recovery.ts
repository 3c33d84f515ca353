import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { Instance } from './cluster';
import type { Traffic } from './traffic';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A bettor kept for probing one instance, with a pre-match selection nobody else touches. */
export interface Probe {
  token: string;
  selectionId: string;
}

/** When an instance served again after a fault, in ms from the moment the fault was healed (null: not within the timeout). */
export interface InstanceRecovery {
  instance: string;
  placementMs: number | null;
  subscriptionMs: number | null;
}

let probeKeys = 0;
// Any odds are accepted, so a placement fails only if the instance cannot serve it.
const PLACE = `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.00" }], stake: "0.10", idempotencyKey: $k, oddsChangePolicy: ANY }) { __typename ... on BetPlaced { bet { id } } ... on UserError { code } } }`;

async function placeProbe(traffic: Traffic, instance: Instance, probe: Probe): Promise<string | null> {
  const answer = await traffic.gql({ name: instance.name, url: instance.server.url }, 'probe: placeBet', PLACE, { s: probe.selectionId, k: `probe-${++probeKeys}` }, probe.token);
  return answer?.data?.placeBet?.bet?.id ?? null;
}

/** Time until a placement through `instance` succeeds. */
async function placementRecovery(traffic: Traffic, instance: Instance, probe: Probe, healedAtMs: number, deadlineMs: number): Promise<number | null> {
  while (Date.now() < deadlineMs) {
    if (instance.up && (await placeProbe(traffic, instance, probe))) return Date.now() - healedAtMs;
    await sleep(100);
  }
  return null;
}

/**
 * Time until a fresh `betUpdated` subscription on `instance` delivers the update of a bet placed
 * through another instance after it subscribed (so it came through Redis, not a backlog read).
 * A subscription that ends is opened again; one that stays silent is kept, as a client would.
 */
async function subscriptionRecovery(traffic: Traffic, instance: Instance, others: Instance[], probe: Probe, healedAtMs: number, deadlineMs: number): Promise<number | null> {
  while (Date.now() < deadlineMs) {
    if (!instance.up) {
      await sleep(100);
      continue;
    }
    const client = createClient({
      url: `${instance.server.url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${probe.token}` },
      retryAttempts: 0,
      lazy: true,
      shouldRetry: () => false,
    });
    const placed = new Set<string>();
    let delivered = false;
    let ended = false;
    client.subscribe<{ betUpdated: { bet: { id: string } } }>(
      { query: `subscription { betUpdated { bet { id } } }` },
      {
        next: (message) => {
          if (placed.has(message.data?.betUpdated?.bet?.id ?? '')) delivered = true;
        },
        error: () => (ended = true),
        complete: () => (ended = true),
      },
    );
    while (!delivered && !ended && Date.now() < deadlineMs) {
      const via = others.find((i) => i.up) ?? instance;
      const betId = await placeProbe(traffic, via, probe);
      if (betId) placed.add(betId);
      for (let i = 0; i < 3 && !delivered && !ended; i += 1) await sleep(100);
    }
    await client.dispose();
    if (delivered) return Date.now() - healedAtMs;
    await sleep(100);
  }
  return null;
}

/** How long after `healedAtMs` each instance served placements and delivered subscriptions again. */
export async function measureRecovery(traffic: Traffic, instances: Instance[], probes: Probe[], healedAtMs: number, timeoutMs: number): Promise<InstanceRecovery[]> {
  const deadlineMs = healedAtMs + timeoutMs;
  return Promise.all(
    instances.map(async (instance, i) => {
      const others = instances.filter((other) => other !== instance);
      const [placementMs, subscriptionMs] = await Promise.all([
        placementRecovery(traffic, instance, probes[i], healedAtMs, deadlineMs),
        subscriptionRecovery(traffic, instance, others, probes[i], healedAtMs, deadlineMs),
      ]);
      return { instance: instance.name, placementMs, subscriptionMs };
    }),
  );
}

/** Readiness of every instance, polled every `intervalMs`: (time, instance, HTTP status or 0 for no answer). */
export class ReadinessLog {
  readonly readings: Array<{ atMs: number; instance: string; status: number }> = [];
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  constructor(private readonly instances: Instance[]) {}

  start(intervalMs = 250): void {
    const tick = async () => {
      await Promise.all(
        this.instances.map(async (instance) => {
          if (!instance.up) return;
          const status = await fetch(`${instance.server.url}/api/health/ready`, { signal: AbortSignal.timeout(2000) }).then((r) => r.status, () => 0);
          this.readings.push({ atMs: Date.now(), instance: instance.name, status });
        }),
      );
      if (!this.stopped) this.timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Whether `instance` answered 503 at some point in [fromMs, toMs], and its first 200 after `afterMs`. */
  summary(instance: string, fromMs: number, toMs: number, afterMs: number): { saw503: boolean; first200AfterMs: number | null } {
    const mine = this.readings.filter((r) => r.instance === instance);
    const saw503 = mine.some((r) => r.atMs >= fromMs && r.atMs <= toMs && r.status === 503);
    const ok = mine.find((r) => r.atMs >= afterMs && r.status === 200);
    return { saw503, first200AfterMs: ok ? ok.atMs - afterMs : null };
  }
}
