import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RetryEvent } from '../../db/retry';
import { log } from '../log';

/**
 * Every Prometheus metric of one process, in one registry (per runtime, so several servers in a
 * test process do not collide). Served at /metrics.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const metrics = {
    registry,
    wsConnections: new Gauge({ name: 'sportsbook_ws_connections', help: 'Open WebSocket connections', registers: [registry] }),
    wsConnectionsOpened: new Counter({
      name: 'sportsbook_ws_connections_opened_total',
      help: 'WebSocket connections accepted (reconnections included)',
      registers: [registry],
    }),
    wsClosedSlow: new Counter({ name: 'sportsbook_ws_slow_consumers_closed_total', help: 'Sockets closed for a full send buffer', registers: [registry] }),
    wsClosedUnresponsive: new Counter({ name: 'sportsbook_ws_unresponsive_closed_total', help: 'Sockets dropped for not answering the keepalive ping (also clients that stopped reading)', registers: [registry] }),
    subscriptions: new Gauge({ name: 'sportsbook_subscriptions_active', help: 'Active subscriptions by field', labelNames: ['field'], registers: [registry] }),
    sharedExecutions: new Counter({
      name: 'sportsbook_shared_subscription_executions_total',
      help: 'Executions of public subscriptions, one per published message and distinct operation (not per subscriber)',
      registers: [registry],
    }),
    deliveryLatency: new Histogram({
      name: 'sportsbook_delivery_latency_seconds',
      help: 'From publishing an odds change to handing it to a subscriber',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    betsPlaced: new Counter({ name: 'sportsbook_bets_placed_total', help: 'Bets placed', registers: [registry] }),
    betsRejected: new Counter({ name: 'sportsbook_bets_rejected_total', help: 'Bets refused at placement, by code', labelNames: ['code'], registers: [registry] }),
    webhookFailures: new Counter({ name: 'sportsbook_webhook_failures_total', help: 'Webhook delivery attempts that failed', registers: [registry] }),
    webhookDeliveries: new Counter({ name: 'sportsbook_webhook_deliveries_total', help: 'Webhook deliveries that succeeded', registers: [registry] }),
    rateLimited: new Counter({ name: 'sportsbook_rate_limited_total', help: 'Requests refused by rate limits', labelNames: ['limit'], registers: [registry] }),
    transactionRetries: new Counter({
      name: 'sportsbook_transaction_retries_total',
      help: 'Database transactions that lost a race (serialization failure 40001, deadlock 40P01, lock timeout 55P03): retried, or given up after the last attempt',
      labelNames: ['code', 'outcome'],
      registers: [registry],
    }),
  };
  return metrics;
}

export type Metrics = ReturnType<typeof createMetrics>;

/** Adds gauges read when scraped: cashout counters and outbox lag. */
export function addScrapeGauges(
  metrics: Metrics,
  sources: { cashout: () => { offersMade: number; accepted: number; expired: number; refused: Record<string, number> }; outboxLagSeconds: () => Promise<number> },
): void {
  new Gauge({
    name: 'sportsbook_cashout_offers_total',
    help: 'Cashout offers made, accepted, expired, and refused by reason (counts since start)',
    labelNames: ['outcome', 'reason'],
    registers: [metrics.registry],
    collect() {
      const c = sources.cashout();
      this.set({ outcome: 'made', reason: '' }, c.offersMade);
      this.set({ outcome: 'accepted', reason: '' }, c.accepted);
      this.set({ outcome: 'expired', reason: '' }, c.expired);
      for (const [reason, n] of Object.entries(c.refused)) this.set({ outcome: 'refused', reason }, n);
    },
  });
  new Gauge({
    name: 'sportsbook_outbox_lag_seconds',
    help: 'Age of the oldest bet update not yet published (0 when none wait)',
    registers: [metrics.registry],
    async collect() {
      this.set(await sources.outboxLagSeconds());
    },
  });
}

/** Counts and logs (pino) each transaction that lost a race and was retried or given up (db/retry.ts). */
export function transactionRetryReporter(metrics: Metrics): (event: RetryEvent) => void {
  return (event) => {
    const gaveUp = event.delayMs === null;
    metrics.transactionRetries.inc({ code: event.code, outcome: gaveUp ? 'gave_up' : 'retried' });
    const fields = { code: event.code, attempt: event.attempt, delayMs: event.delayMs, err: event.error };
    if (gaveUp) log.error(fields, 'transaction lost a race on its last attempt');
    else log.warn(fields, 'transaction lost a race; retrying');
  };
}
