import type postgres from 'postgres';
import type { Instance } from './cluster';

/** A stretch of time, in ms since the epoch. */
export interface Window {
  fromMs: number;
  toMs: number;
}

/** Whether [fromMs, toMs] overlaps any of `windows`. */
export const overlaps = (fromMs: number, toMs: number, windows: Window[]) => windows.some((w) => fromMs <= w.toMs && toMs >= w.fromMs);

/**
 * The feed's pace, read from the database every `intervalMs`: the newest tick time (`atMs` in the
 * feed state of live feed events) and, each time it moves, the gap since the tick before.
 */
export class FeedGaps {
  /** Consecutive ticks seen: the gap is toMs - fromMs (the feed's own clock). */
  readonly gaps: Window[] = [];
  private lastTickMs: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly sql: () => postgres.Sql) {}

  start(intervalMs = 250): void {
    const tick = async () => {
      try {
        const [row] = await this.sql()`select max((feed_state->>'atMs')::bigint)::text as at from events where source = 'FEED' and status = 'LIVE'`;
        const tickMs = row?.at ? Number(row.at) : null;
        if (tickMs !== null && (this.lastTickMs === null || tickMs > this.lastTickMs)) {
          if (this.lastTickMs !== null) this.gaps.push({ fromMs: this.lastTickMs, toMs: tickMs });
          this.lastTickMs = tickMs;
        }
      } catch {
        // The database is down (a fault): the next reading after it is back measures the gap.
      }
      if (!this.stopped) this.timer = setTimeout(() => void tick(), intervalMs);
    };
    void tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The gaps that lie wholly outside `disturbed` (both instances up, no fault open). */
  steady(disturbed: Window[]): number[] {
    return this.gaps.filter((g) => !overlaps(g.fromMs, g.toMs, disturbed)).map((g) => g.toMs - g.fromMs);
  }
}

/** Postgres's deadlock counter, added up across restarts (a restart may reset it). */
export class DeadlockCounter {
  private total = 0;
  private base: number | null = null;
  constructor(private readonly read: () => Promise<number>) {}

  /** Reads the counter and adds what it moved since the last reading. */
  async sample(): Promise<void> {
    const now = await this.read();
    if (this.base !== null && now >= this.base) this.total += now - this.base;
    this.base = now;
  }

  /** Call after a restart: the next reading starts a new segment. */
  restarted(): void {
    this.base = null;
  }

  get moved(): number {
    return this.total;
  }
}

export interface LeaseTerm {
  name: string;
  epoch: number;
  holder: string;
  atMs: number;
}

/** Every term of every lease, as the trigger on `leases` recorded them. */
export async function leaseTerms(sql: postgres.Sql): Promise<LeaseTerm[]> {
  const rows = await sql`select name, epoch::int as epoch, holder, at from chaos_lease_terms order by at`;
  return rows.map((r) => ({ name: r.name, epoch: r.epoch, holder: r.holder, atMs: r.at.getTime() }));
}

/** The terms each instance says it began (its 'lease term began' log lines), across restarts. */
export function claimedTerms(instances: Instance[]): Array<{ instance: string; name: string; epoch: number; holder: string }> {
  const claims: Array<{ instance: string; name: string; epoch: number; holder: string }> = [];
  for (const instance of instances) {
    for (const line of instance.server.output.split('\n')) {
      if (!line.includes('lease term began')) continue;
      try {
        const entry = JSON.parse(line) as { lease: string; epoch: number; holder: string };
        claims.push({ instance: instance.name, name: entry.lease, epoch: entry.epoch, holder: entry.holder });
      } catch {
        // A line cut by a kill -9.
      }
    }
  }
  return claims;
}
