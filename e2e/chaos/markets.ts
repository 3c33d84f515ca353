import type postgres from 'postgres';

/** A selection as the load sees it: where it is and its odds now. */
export interface SelectionView {
  id: string;
  odds: number;
  marketId: string;
  marketStatus: string;
  eventId: string;
  live: boolean;
  fromFeed: boolean;
}

/** Hundredths (odds) or minor units (money) as the API's decimal string, without a float. */
export const decimal = (units: number | bigint): string => {
  const n = BigInt(units);
  return `${n / 100n}.${(n % 100n).toString().padStart(2, '0')}`;
};

/** The API's decimal string in hundredths or minor units. */
export const units = (text: string): bigint => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole) * 100n + BigInt(fraction.padEnd(2, '0').slice(0, 2));
};

/**
 * What is on offer, read straight from the database every `intervalMs` (the users and the trader
 * choose from it; reading it through the API would add load that is not the product's). Kept as it
 * was while the database is unreachable.
 */
export class MarketBoard {
  selections: SelectionView[] = [];
  /** Events never bet on or traded by the load (the recovery probes use them). */
  readonly reserved = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly sql: () => postgres.Sql) {}

  async refresh(): Promise<void> {
    const rows = await this.sql()`
      select s.id, s.odds, m.id as market_id, m.status as market_status, e.id as event_id, e.status = 'LIVE' as live, e.source = 'FEED' as from_feed
      from events e join markets m on m.event_id = e.id join selections s on s.market_id = m.id
      where e.status in ('LIVE', 'UPCOMING')`;
    this.selections = rows
      .filter((r) => !this.reserved.has(r.event_id))
      .map((r) => ({ id: r.id, odds: r.odds, marketId: r.market_id, marketStatus: r.market_status, eventId: r.event_id, live: r.live, fromFeed: r.from_feed }));
  }

  start(intervalMs = 500): void {
    const tick = () => {
      void this.refresh()
        .catch(() => {})
        .finally(() => {
          // A refresh in flight when stop() was called must not schedule another.
          if (!this.stopped) this.timer = setTimeout(tick, intervalMs);
        });
    };
    tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Open selections matching `where`. */
  open(where: (s: SelectionView) => boolean = () => true): SelectionView[] {
    return this.selections.filter((s) => s.marketStatus === 'OPEN' && where(s));
  }
}
