import { endpoints, pick, sleep, type LoadContext, type LoadStats } from './load';
import { decimal } from './markets';

const CREATE_EVENT = `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id selections { id } } } }`;

/** A trader's event: its markets and what the trader did to them. */
interface TraderEvent {
  id: string;
  live: boolean;
  markets: Array<{ id: string; selections: string[]; settled: boolean; unsettled: boolean }>;
}

/**
 * The trader: moves odds, suspends and reopens markets, settles them, unsettles some and settles
 * them again with other results, and opens new events as old ones are settled, keeping four in
 * play and four pre-match.
 */
export class Trader {
  private readonly events: TraderEvent[] = [];
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();
  private created = 0;

  constructor(
    private readonly ctx: LoadContext,
    private readonly stats: LoadStats,
    readonly token: string,
    private readonly intervalMs: number,
  ) {}

  /** Creates an event through the API (live or pre-match); returns it, or null when unanswered. */
  async createEvent(live: boolean, name = `T${++this.created}`): Promise<TraderEvent | null> {
    const [endpoint] = endpoints(this.ctx, this.created);
    if (!endpoint) return null;
    const answer = await this.ctx.traffic.gql(endpoint, 'createEvent', CREATE_EVENT, {
      input: {
        sport: 'Football',
        home: `${name} Home`,
        away: `${name} Away`,
        startsAt: new Date(Date.now() + (live ? 0 : 3_600_000)).toISOString(),
        live,
        markets: [
          { name: 'Match result', selections: [{ name: 'Home', odds: '2.10' }, { name: 'Draw', odds: '3.20' }, { name: 'Away', odds: '3.60' }] },
          { name: 'Total goals over/under 2.5', selections: [{ name: 'Over 2.5', odds: '1.90' }, { name: 'Under 2.5', odds: '1.90' }] },
        ],
      },
    }, this.token);
    const created = answer?.data?.createEvent;
    if (!created) return null;
    return {
      id: created.id,
      live,
      markets: created.markets.map((m: { id: string; selections: Array<{ id: string }> }) => ({ id: m.id, selections: m.selections.map((s) => s.id), settled: false, unsettled: false })),
    };
  }

  async openEvents(): Promise<void> {
    const active = (live: boolean) => this.events.filter((e) => e.live === live && e.markets.some((m) => !m.settled)).length;
    for (const live of [true, false]) {
      while (active(live) < 4) {
        const event = await this.createEvent(live);
        if (!event) return;
        this.events.push(event);
        this.stats.add('trader: createEvent');
      }
    }
  }

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await sleep(this.intervalMs * (0.5 + Math.random()));
        if (!this.stopped) await this.act().catch((error) => this.stats.add(`harness error: ${(error as Error).message}`));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async act(): Promise<void> {
    await this.openEvents();
    const [endpoint] = endpoints(this.ctx, Math.floor(Math.random() * 2));
    if (!endpoint) return;
    const mine = new Set(this.events.map((e) => e.id));
    const markets = this.events.flatMap((e) => e.markets.map((m) => ({ event: e, market: m })));
    const status = (marketId: string) => this.ctx.board.selections.find((s) => s.marketId === marketId)?.marketStatus;
    const roll = Math.random();
    const call = (operation: string, query: string, variables: Record<string, unknown>) => this.ctx.traffic.gql(endpoint, `trader: ${operation}`, query, variables, this.token);

    if (roll < 0.45) {
      const selection = pick(this.ctx.board.open((s) => mine.has(s.eventId)));
      if (!selection) return;
      const odds = Math.min(800, Math.max(120, Math.round(selection.odds * (0.85 + Math.random() * 0.3))));
      if (await call('setOdds', `mutation($s: ID!, $o: Odds!) { setOdds(selectionId: $s, odds: $o) { id } }`, { s: selection.id, o: decimal(odds) })) this.stats.add('trader: setOdds');
    } else if (roll < 0.7) {
      const suspend = roll < 0.55;
      const target = pick(markets.filter(({ market }) => !market.settled && status(market.id) === (suspend ? 'OPEN' : 'SUSPENDED')));
      if (!target) return;
      const answer = await call(suspend ? 'suspend' : 'reopen', `mutation($m: ID!, $s: MarketStatus!) { setMarketStatus(marketId: $m, status: $s) { id } }`, { m: target.market.id, s: suspend ? 'SUSPENDED' : 'OPEN' });
      if (answer?.data) this.stats.add(suspend ? 'trader: suspend' : 'trader: reopen');
    } else if (roll < 0.82) {
      // Settle a market not yet settled, or settle an unsettled one again with other results.
      const target = pick(markets.filter(({ market }) => !market.settled));
      if (!target) return;
      const winner = Math.floor(Math.random() * target.market.selections.length);
      const results = target.market.selections.map((selectionId, i) => ({ selectionId, result: i === winner ? 'WON' : 'LOST' }));
      const answer = await call(target.market.unsettled ? 'resettle' : 'settle', `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, { m: target.market.id, r: results });
      if (answer?.data) {
        target.market.settled = true;
        this.stats.add(target.market.unsettled ? 'trader: resettle' : 'trader: settle');
      }
    } else {
      const target = pick(markets.filter(({ market }) => market.settled && !market.unsettled));
      if (!target) return;
      const answer = await call('unsettle', `mutation($m: ID!) { unsettleMarket(marketId: $m) { id } }`, { m: target.market.id });
      if (answer?.data) {
        target.market.settled = false;
        target.market.unsettled = true;
        this.stats.add('trader: unsettle');
      }
    }
  }
}
