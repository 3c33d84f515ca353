import { randomUUID } from 'node:crypto';
import { gql, signUpBettor, wsClient, type GraphqlResponse } from './server';

// A mixed load of every writer at once, over HTTP against any number of instances: bettors place
// singles and accumulators (in play and pre-match), request and accept full and partial cashouts,
// set auto-cashouts, send deposits twice, offer and take challenges; traders move odds, suspend
// and reopen markets, settle, unsettle and reopen them. The servers' own background writers (the
// in-play acceptor, the money responder, auto-cashout) run under it. Every answer is classified:
// data or a typed rejection is fine; a masked or 5xx answer is an internal error.

/** What a run of the load set up: events with their selections, bettors' tokens. */
export interface MixedLoadWorld {
  urls: string[];
  trader: string;
  events: Array<{ id: string; live: boolean; markets: Array<{ id: string; selections: Array<{ id: string; odds: string }> }> }>;
  bettors: Array<{ token: string; bets: string[] }>;
}

export interface MixedLoadReport {
  /** Per operation: answers with data or a typed rejection, and internal errors. */
  operations: Record<string, { answered: number; internal: number }>;
  /** The first few internal errors, as answered. */
  internalSamples: string[];
  internalErrors: number;
  /** In-play bets placed, with when their delay ended and (if it reached the owner's subscription) when their decision did. */
  inplay: Array<{ betId: string; acceptAtMs: number; decidedAtMs: number | null }>;
}

/** Codes a GraphQL error may carry for a bad or refused request (anything else is internal). */
const TYPED_ERROR_CODES = new Set(['BAD_USER_INPUT', 'NOT_FOUND', 'MARKET_CLOSED', 'INVALID_INPUT', 'UNAUTHENTICATED', 'FORBIDDEN', 'RATE_LIMITED']);

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)];
const chance = (p: number) => Math.random() < p;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const money = (minor: number) => `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;

const MARKETS = (home: string, away: string) => [
  { name: 'Match result', selections: [{ name: home, odds: '2.10' }, { name: 'Draw', odds: '3.20' }, { name: away, odds: '3.60' }] },
  { name: 'Total goals over/under 2.5', selections: [{ name: 'Over 2.5', odds: '1.90' }, { name: 'Under 2.5', odds: '1.90' }] },
];

/** Creates the events (live and pre-match) and the funded bettors the load uses. */
export async function setUpMixedLoad(urls: string[], trader: string, options: { liveEvents?: number; upcomingEvents?: number; bettors?: number } = {}): Promise<MixedLoadWorld> {
  const events: MixedLoadWorld['events'] = [];
  const make = async (live: boolean, i: number) => {
    const home = `${live ? 'Live' : 'Later'}${i}h${randomUUID().slice(0, 6)}`;
    const away = `${live ? 'Live' : 'Later'}${i}a${randomUUID().slice(0, 6)}`;
    const startsAt = new Date(Date.now() + (live ? 0 : 3_600_000)).toISOString();
    const created = await gql(urls[0], `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id selections { id odds } } } }`, {
      input: { sport: 'Football', home, away, startsAt, live, markets: MARKETS(home, away) },
    }, trader);
    if (!created.data?.createEvent) throw new Error(`createEvent failed: ${JSON.stringify(created)}`);
    events.push({ ...created.data.createEvent, live });
  };
  for (let i = 0; i < (options.liveEvents ?? 3); i++) await make(true, i);
  for (let i = 0; i < (options.upcomingEvents ?? 2); i++) await make(false, i);
  const bettors: MixedLoadWorld['bettors'] = [];
  for (let i = 0; i < (options.bettors ?? 12); i++) {
    const { token } = await signUpBettor(urls[i % urls.length], { deposit: '2000.00', prefix: 'mixed' });
    bettors.push({ token, bets: [] });
  }
  return { urls, trader, events, bettors };
}

/** Runs the load for `durationMs` and reports every answer; with `watchDecisions`, subscribes each bettor to betUpdated to time in-play decisions. */
export async function runMixedLoad(world: MixedLoadWorld, options: { durationMs: number; traders?: number; watchDecisions?: boolean }): Promise<MixedLoadReport> {
  const report: MixedLoadReport = { operations: {}, internalSamples: [], internalErrors: 0, inplay: [] };
  const decided = new Map<string, number>();
  const inplayByBet = new Map<string, MixedLoadReport['inplay'][number]>();
  const deadline = Date.now() + options.durationMs;
  const challengePool: string[] = [];

  const call = async (operation: string, url: string, query: string, variables: Record<string, unknown>, token?: string): Promise<GraphqlResponse | null> => {
    const stats = (report.operations[operation] ??= { answered: 0, internal: 0 });
    let response: GraphqlResponse | null = null;
    let problem: string | null = null;
    try {
      response = await gql(url, query, variables, token);
      if (response.status >= 500) problem = `HTTP ${response.status}`;
      const untyped = response.errors?.find((e) => !TYPED_ERROR_CODES.has(e.extensions?.code ?? ''));
      if (untyped) problem = `${untyped.extensions?.code ?? 'no code'}: ${untyped.message}`;
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    if (problem) {
      stats.internal += 1;
      report.internalErrors += 1;
      if (report.internalSamples.length < 10) report.internalSamples.push(`${operation}: ${problem}`);
      return null;
    }
    stats.answered += 1;
    return response;
  };

  const subscriptions = options.watchDecisions
    ? world.bettors.map((bettor, i) => {
        const client = wsClient(world.urls[i % world.urls.length], { token: bettor.token, retryAttempts: 5 });
        const dispose = client.subscribe<{ betUpdated: { kind: string; bet: { id: string } } }>(
          { query: `subscription { betUpdated { kind bet { id } } }` },
          {
            next: (message) => {
              const update = message.data?.betUpdated;
              if (update && (update.kind === 'ACCEPTED' || update.kind === 'REJECTED') && !decided.has(update.bet.id)) decided.set(update.bet.id, Date.now());
            },
            error: () => {},
            complete: () => {},
          },
        );
        return () => (dispose(), client.dispose());
      })
    : [];
  if (options.watchDecisions) await sleep(500);

  const PLACE = `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id status acceptAt } } ... on UserError { code } } }`;
  const live = world.events.filter((e) => e.live);
  const upcoming = world.events.filter((e) => !e.live);
  const leg = (event: MixedLoadWorld['events'][number]) => {
    const selection = pick(pick(event.markets).selections);
    return { selectionId: selection.id, odds: selection.odds };
  };

  const placeBet = async (bettor: MixedLoadWorld['bettors'][number], url: string, legs: Array<{ selectionId: string; odds: string }>, operation: string) => {
    const policy = pick(['ANY', 'ANY', 'ANY', 'HIGHER', 'NONE']);
    const input = { legs, stake: money(100 + Math.floor(Math.random() * 400)), idempotencyKey: randomUUID(), oddsChangePolicy: policy };
    const placed = await call(operation, url, PLACE, { input }, bettor.token);
    const bet = placed?.data?.placeBet?.bet;
    if (!bet) return;
    bettor.bets.push(bet.id);
    if (bet.status === 'PENDING') {
      const entry = { betId: bet.id, acceptAtMs: new Date(bet.acceptAt).getTime(), decidedAtMs: null };
      report.inplay.push(entry);
      inplayByBet.set(bet.id, entry);
    }
  };

  const bettorStep = async (bettor: MixedLoadWorld['bettors'][number], url: string) => {
    const other = world.urls[(world.urls.indexOf(url) + 1) % world.urls.length];
    const roll = Math.random();
    if (roll < 0.35) return placeBet(bettor, url, [leg(pick(live))], 'placeBet single in play');
    if (roll < 0.45) return placeBet(bettor, url, [leg(pick(upcoming))], 'placeBet single pre-match');
    if (roll < 0.6) {
      const events = [...world.events].sort(() => Math.random() - 0.5).slice(0, 2 + Math.floor(Math.random() * 2));
      return placeBet(bettor, url, events.map(leg), 'placeBet accumulator');
    }
    if (roll < 0.8 && bettor.bets.length > 0) {
      const betId = pick(bettor.bets.slice(-10));
      const quoted = await call('requestCashout', url, `mutation($b: ID!, $p: Int) { requestCashout(betId: $b, percent: $p) { __typename ... on CashoutOffer { id } } }`, { b: betId, p: pick([100, 100, 50, 30]) }, bettor.token);
      const offerId = quoted?.data?.requestCashout?.id;
      if (offerId) await call('acceptCashout', chance(0.5) ? url : other, `mutation($o: ID!) { acceptCashout(offerId: $o) { __typename } }`, { o: offerId }, bettor.token);
      return;
    }
    if (roll < 0.85) {
      // The same deposit sent twice at once, to both instances.
      const key = randomUUID();
      const DEPOSIT = `mutation($k: String!) { deposit(amount: "5.00", idempotencyKey: $k) { __typename } }`;
      await Promise.all([call('deposit', url, DEPOSIT, { k: key }, bettor.token), call('deposit', other, DEPOSIT, { k: key }, bettor.token)]);
      return;
    }
    if (roll < 0.9 && bettor.bets.length > 0) {
      await call('setAutoCashout', url, `mutation($b: ID!) { setAutoCashout(betId: $b, target: "0.50") { __typename } }`, { b: pick(bettor.bets.slice(-10)) }, bettor.token);
      return;
    }
    if (challengePool.length > 0 && chance(0.6)) {
      const challengeId = challengePool.splice(Math.floor(Math.random() * challengePool.length), 1)[0];
      await call('takeChallenge', url, `mutation($c: ID!) { takeChallenge(challengeId: $c) { __typename } }`, { c: challengeId }, bettor.token);
      return;
    }
    const offered = await call('offerChallenge', url, `mutation($s: ID!) { offerChallenge(selectionId: $s, stake: "1.00", odds: "2.00") { __typename ... on ChallengePayload { challenge { id } } } }`, { s: leg(pick(live)).selectionId }, bettor.token);
    const challengeId = offered?.data?.offerChallenge?.challenge?.id;
    if (challengeId) challengePool.push(challengeId);
  };

  const traderStep = async (url: string) => {
    const event = pick(world.events);
    const market = pick(event.markets);
    const roll = Math.random();
    if (roll < 0.55) {
      const selection = pick(market.selections);
      const odds = money(150 + Math.floor(Math.random() * 350));
      const moved = await call('setOdds', url, `mutation($s: ID!, $o: Odds!) { setOdds(selectionId: $s, odds: $o) { odds } }`, { s: selection.id, o: odds }, world.trader);
      if (moved?.data?.setOdds) selection.odds = odds;
      return;
    }
    const STATUS = `mutation($m: ID!, $s: MarketStatus!) { setMarketStatus(marketId: $m, status: $s) { status } }`;
    if (roll < 0.85) {
      await call('setMarketStatus SUSPENDED', url, STATUS, { m: market.id, s: 'SUSPENDED' }, world.trader);
      await sleep(50 + Math.random() * 300);
      await call('setMarketStatus OPEN', url, STATUS, { m: market.id, s: 'OPEN' }, world.trader);
      return;
    }
    const results = market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' }));
    await call('settleMarket', url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, { m: market.id, r: results }, world.trader);
    await sleep(100 + Math.random() * 400);
    await call('unsettleMarket', url, `mutation($m: ID!) { unsettleMarket(marketId: $m) { id } }`, { m: market.id }, world.trader);
    await call('setMarketStatus OPEN', url, STATUS, { m: market.id, s: 'OPEN' }, world.trader);
  };

  const loop = async (step: () => Promise<void>) => {
    while (Date.now() < deadline) await step();
  };
  await Promise.all([
    ...world.bettors.map((bettor, i) => loop(() => bettorStep(bettor, world.urls[i % world.urls.length]))),
    ...Array.from({ length: options.traders ?? 3 }, (_, i) => loop(() => traderStep(world.urls[i % world.urls.length]))),
  ]);

  if (options.watchDecisions) {
    // Decisions due near the end arrive within a few seconds.
    const lastDue = Math.max(0, ...report.inplay.map((b) => b.acceptAtMs));
    while (Date.now() < lastDue + 15_000 && report.inplay.some((b) => !decided.has(b.betId))) await sleep(200);
    for (const [betId, at] of decided) {
      const entry = inplayByBet.get(betId);
      if (entry) entry.decidedAtMs = at;
    }
  }
  subscriptions.forEach((dispose) => dispose());
  return report;
}
