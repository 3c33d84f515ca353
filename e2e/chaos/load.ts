import type { Instance } from './cluster';
import { decimal, units, type MarketBoard, type SelectionView } from './markets';
import { ResumingSubscriber } from './subscriber';
import type { Traffic } from './traffic';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(Math.random() * items.length)];
const chance = (p: number) => Math.random() < p;

/** What the load needs: the instances (only those up are used), the traffic log and the board. */
export interface LoadContext {
  instances: Instance[];
  traffic: Traffic;
  board: MarketBoard;
}

/** Counts of what the load did (answers only; failures are in the traffic log). */
export class LoadStats {
  readonly counts = new Map<string, number>();
  add(what: string): void {
    this.counts.set(what, (this.counts.get(what) ?? 0) + 1);
  }
}

/** The up instances, `preferred` first. */
function endpoints(ctx: LoadContext, preferred: number): Array<{ name: string; url: string }> {
  const up = ctx.instances.filter((i) => i.up);
  const first = ctx.instances[preferred % ctx.instances.length];
  return (first.up ? [first, ...up.filter((i) => i !== first)] : up).map((i) => ({ name: i.name, url: i.server.url }));
}

const PLACE = `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id status } } ... on UserError { code } } }`;
const REQUEST_CASHOUT = `mutation($b: ID!, $p: Int) { requestCashout(betId: $b, percent: $p) { __typename ... on CashoutOffer { id amount } ... on UserError { code } } }`;
const ACCEPT_CASHOUT = `mutation($o: ID!) { acceptCashout(offerId: $o) { __typename ... on CashoutAccepted { amount bet { id status } } ... on PriceChanged { code offer { id } } ... on UserError { code } } }`;
const SET_AUTO = `mutation($b: ID!, $t: Money) { setAutoCashout(betId: $b, target: $t) { __typename ... on AutoCashoutSet { bet { id autoCashoutTarget } } ... on UserError { code } } }`;
const DEPOSIT = `mutation($a: Money!, $k: String!) { deposit(amount: $a, idempotencyKey: $k) { __typename ... on UserError { code } } }`;
const READ = `query { viewer { balance bets(first: 5) { edges { node { id status timeline { kind } } } } } }`;

/** Signs up a bettor through the API and funds the account; returns the token and user id. */
export async function signUp(ctx: LoadContext, username: string, depositMinor: bigint): Promise<{ token: string; userId: string }> {
  for (let attempt = 0; ; attempt += 1) {
    const [endpoint] = endpoints(ctx, attempt);
    const answer = endpoint && (await ctx.traffic.gql(endpoint, 'signUp', `mutation($u: String!) { signUp(username: $u, password: "password123") { ... on AuthPayload { token } ... on UserError { code } } }`, { u: username }));
    const token = answer?.data?.signUp?.token;
    if (token) {
      const funded = await ctx.traffic.gql(endpoint, 'deposit', DEPOSIT, { a: decimal(depositMinor), k: 'seed' }, token);
      if (funded?.data?.deposit?.__typename === 'Deposited') return { token, userId: JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).sub };
    }
    if (attempt > 20) throw new Error(`could not sign up ${username}: ${JSON.stringify(answer)}`);
    await sleep(250);
  }
}

/**
 * A bettor: places singles and accumulators in play and pre-match, cashes out in full and in part,
 * sets auto-cashout rules, deposits twice with one key (on both instances at once), reads its bets,
 * with a think time between actions; and keeps a `betUpdated` subscription on the other instance,
 * resumed by cursor across every fault.
 */
export class Bettor {
  readonly subscriber: ResumingSubscriber;
  /** Bets this user may cash out (OPEN as last seen). */
  private readonly open = new Set<string>();
  /** Auto-cashout targets set, by bet (C4: a firing pays at least its target). */
  readonly autoTargets = new Map<string, bigint>();
  private keys = 0;
  private stopped = false;
  private loop: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: LoadContext,
    private readonly stats: LoadStats,
    readonly index: number,
    readonly token: string,
    readonly userId: string,
    private readonly thinkMs: number,
  ) {
    this.subscriber = new ResumingSubscriber(
      token,
      () => endpoints(ctx, index + 1)[0] ?? null,
      (update) => {
        if (update.status === 'OPEN') this.open.add(update.betId);
        else this.open.delete(update.betId);
      },
      (instance, code) => ctx.traffic.subscriptionError(instance, code),
    );
  }

  start(): void {
    this.subscriber.start();
    this.loop = (async () => {
      while (!this.stopped) {
        await sleep(this.thinkMs * (0.5 + Math.random()));
        if (!this.stopped) await this.act().catch((error) => this.stats.add(`harness error: ${(error as Error).message}`));
      }
    })();
  }

  /** Stops acting (the subscription keeps running until stopSubscription). */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
  }

  private async act(): Promise<void> {
    const roll = Math.random();
    if (roll < 0.4) return this.placeBet(1);
    if (roll < 0.55) return this.placeBet(2 + Math.floor(Math.random() * 2));
    if (roll < 0.75) return this.cashOut();
    if (roll < 0.83) return this.setAutoCashout();
    if (roll < 0.9) return this.depositTwice();
    const [endpoint] = endpoints(this.ctx, this.index);
    if (endpoint && (await this.ctx.traffic.gql(endpoint, 'viewer', READ, {}, this.token))) this.stats.add('read');
  }

  /** Legs on distinct events: in play (the feed's or a trader's) or pre-match. */
  private chooseLegs(count: number): SelectionView[] {
    const kind = Math.random();
    const pool = this.ctx.board.open((s) => (kind < 0.4 ? s.live && s.fromFeed : kind < 0.7 ? s.live && !s.fromFeed : !s.live));
    const legs: SelectionView[] = [];
    for (const selection of [...pool].sort(() => Math.random() - 0.5)) {
      if (legs.length === count) break;
      if (!legs.some((l) => l.eventId === selection.eventId)) legs.push(selection);
    }
    return legs.length === count ? legs : [];
  }

  private async placeBet(legCount: number): Promise<void> {
    const legs = this.chooseLegs(legCount);
    const targets = endpoints(this.ctx, this.index);
    if (legs.length === 0 || targets.length === 0) return;
    const input = {
      legs: legs.map((l) => ({ selectionId: l.id, odds: decimal(l.odds) })),
      stake: decimal(50 + Math.floor(Math.random() * 250)),
      idempotencyKey: `b${this.index}-${++this.keys}`,
      oddsChangePolicy: pick(['NONE', 'HIGHER', 'ANY', 'ANY']),
    };
    const operation = legCount === 1 ? 'placeBet single' : 'placeBet accumulator';
    // One in ten is sent twice with the same key, to both instances at once (a client's retry).
    const sends = chance(0.1) ? [targets[0], targets[1] ?? targets[0]] : [targets[0]];
    const answers = await Promise.all(sends.map((endpoint) => this.ctx.traffic.gql(endpoint, operation, PLACE, { input }, this.token)));
    for (const answer of answers) {
      const result = answer?.data?.placeBet;
      if (!result) continue;
      this.stats.add(result.__typename === 'BetPlaced' ? `${operation}: placed` : `${operation}: ${result.code}`);
      if (result.bet?.status === 'OPEN') this.open.add(result.bet.id);
    }
  }

  private async cashOut(): Promise<void> {
    const betId = pick([...this.open]);
    const [endpoint] = endpoints(this.ctx, this.index);
    if (!betId || !endpoint) return;
    const percent = chance(0.5) ? 100 : 50;
    const offer = (await this.ctx.traffic.gql(endpoint, 'requestCashout', REQUEST_CASHOUT, { b: betId, p: percent }, this.token))?.data?.requestCashout;
    if (offer?.__typename !== 'CashoutOffer') {
      if (offer) this.stats.add(`requestCashout: ${offer.code}`);
      if (offer?.code === 'CASHOUT_UNAVAILABLE' || offer?.code === 'NOT_FOUND') this.open.delete(betId);
      return;
    }
    let offerId: string = offer.id;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const accepted = (await this.ctx.traffic.gql(endpoint, 'acceptCashout', ACCEPT_CASHOUT, { o: offerId }, this.token))?.data?.acceptCashout;
      if (!accepted) return;
      if (accepted.__typename === 'CashoutAccepted') {
        this.stats.add(percent === 100 ? 'cashout: full' : 'cashout: partial');
        if (accepted.bet.status !== 'OPEN') this.open.delete(betId);
        return;
      }
      this.stats.add(`acceptCashout: ${accepted.code}`);
      if (accepted.__typename !== 'PriceChanged' || !accepted.offer) return;
      offerId = accepted.offer.id;
    }
  }

  private async setAutoCashout(): Promise<void> {
    const betId = pick([...this.open].filter((id) => !this.autoTargets.has(id)));
    const [endpoint] = endpoints(this.ctx, this.index);
    if (!betId || !endpoint) return;
    const offer = (await this.ctx.traffic.gql(endpoint, 'requestCashout', REQUEST_CASHOUT, { b: betId, p: 100 }, this.token))?.data?.requestCashout;
    if (offer?.__typename !== 'CashoutOffer') return;
    // A target a little above today's value: it fires when the odds move the bettor's way.
    const valueMinor = units(offer.amount);
    const targetMinor = valueMinor + (valueMinor * BigInt(Math.floor(Math.random() * 4))) / 100n + 1n;
    const set = (await this.ctx.traffic.gql(endpoint, 'setAutoCashout', SET_AUTO, { b: betId, t: decimal(targetMinor) }, this.token))?.data?.setAutoCashout;
    if (set?.__typename === 'AutoCashoutSet') {
      this.autoTargets.set(betId, targetMinor);
      this.stats.add('auto-cashout: set');
    } else if (set) this.stats.add(`setAutoCashout: ${set.code}`);
  }

  private async depositTwice(): Promise<void> {
    const targets = endpoints(this.ctx, this.index);
    if (targets.length === 0) return;
    const variables = { a: '5.00', k: `d${this.index}-${++this.keys}` };
    const answers = await Promise.all([targets[0], targets[1] ?? targets[0]].map((endpoint) => this.ctx.traffic.gql(endpoint, 'deposit', DEPOSIT, variables, this.token)));
    for (const answer of answers) if (answer?.data?.deposit) this.stats.add(`deposit: ${answer.data.deposit.__typename}`);
  }
}

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
