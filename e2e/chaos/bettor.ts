import { chance, endpoints, pick, sleep, type LoadContext, type LoadStats } from './load';
import { decimal, units, type SelectionView } from './markets';
import { ResumingSubscriber } from './subscriber';

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
    const subscribed = this.subscriber.start();
    this.loop = (async () => {
      // A bettor acts once their subscription knows where it starts: their first bet's PLACED
      // committed before that would be history to it, and counted as lost.
      await subscribed;
      while (!this.stopped) {
        await sleep(this.thinkMs * (0.5 + Math.random()));
        if (!this.stopped) await this.act().catch((error) => this.stats.add(`harness error: ${(error as Error).message}`));
      }
    })();
  }

  /** Stops acting; the subscription keeps running until `subscriber.stop()`, so the run can let it catch up. */
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
