import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { execute, parse } from 'graphql';
import type { RunningServer } from './start-server';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../e2e/support/server';
import { createContext } from './context';
import { schema } from './schema';

let database: TestDatabase;
let server: RunningServer;
let url: string;
let trader: string;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url });
  url = server.url;
  trader = await traderToken(url);
});

after(async () => {
  await server?.close();
  await database?.drop();
});

async function bettorToken(username: string): Promise<string> {
  const result = await gql(url, `mutation($u: String!) { signUp(username: $u, password: "password123") { ... on AuthPayload { token } ... on Rejection { code } } }`, { u: username });
  return result.data.signUp.token;
}

const codes = (result: { errors?: Array<{ extensions?: { code?: string } }> }) => (result.errors ?? []).map((e) => e.extensions?.code);

/**
 * Runs a query in-process against the server's real database and counts the statements its
 * resolvers start: the context's database handle counts each select it is asked for. Background
 * jobs use the runtime's own handle, so they do not count.
 */
async function statementsOf(query: string): Promise<number> {
  let statements = 0;
  const db = new Proxy(server.runtime.db, {
    get(target, property, receiver) {
      if (property === 'select' || property === 'execute') statements++;
      return Reflect.get(target, property, receiver);
    },
  });
  const result = await execute({ schema, document: parse(query), contextValue: await createContext({ ...server.runtime, db }, {}) });
  assert.equal(result.errors, undefined, JSON.stringify(result.errors));
  return statements;
}

describe('events over HTTP', () => {
  it('lists live events with their markets, scores and odds as decimal strings', async () => {
    const created = await createLiveEvent(url, trader, 'Alpha', 'Beta');
    const result = await gql(url, `{ events(status: LIVE) { edges { cursor node { id sport name home away status score { home away } clock markets { name status selections { name odds previousOdds status } } } } pageInfo { hasNextPage endCursor } } }`);
    const node = result.data.events.edges.find((e: any) => e.node.id === created.id)?.node;
    assert.ok(node, 'created event is listed');
    assert.equal(node.sport, 'Football');
    assert.equal(node.name, 'Alpha v Beta');
    assert.deepEqual(node.score, { home: 0, away: 0 });
    assert.equal(node.markets[0].name, 'Match result');
    assert.deepEqual(node.markets[0].selections.map((s: any) => s.odds), ['2.10', '3.20', '3.60']);
    assert.equal(node.markets[0].selections[0].previousOdds, null);
  });

  it('filters by status and sport and pages without gaps or repeats', async () => {
    for (let i = 0; i < 5; i++) await createLiveEvent(url, trader, `Home${i}`, `Away${i}`);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: any = await gql(url, `query($after: String) { events(status: LIVE, sport: "football", first: 2, after: $after) { edges { node { id status sport } } pageInfo { hasNextPage endCursor } } }`, { after });
      const { edges, pageInfo } = page.data.events;
      assert.ok(edges.length <= 2);
      for (const edge of edges) {
        assert.equal(edge.node.status, 'LIVE');
        assert.equal(edge.node.sport, 'Football');
        seen.push(edge.node.id);
      }
      if (!pageInfo.hasNextPage) break;
      after = pageInfo.endCursor;
    }
    const all = await gql(url, `{ events(status: LIVE, first: 100) { edges { node { id } } } }`);
    assert.equal(new Set(seen).size, seen.length, 'no event repeats across pages');
    assert.deepEqual(seen, all.data.events.edges.map((e: any) => e.node.id));
    const tennis = await gql(url, `{ events(sport: "Tennis") { edges { node { id } } } }`);
    assert.equal(tennis.data.events.edges.length, 0);
    const upcoming = await gql(url, `{ events(status: UPCOMING) { edges { node { id } } } }`);
    assert.equal(upcoming.data.events.edges.length, 0);
  });

  it('answers bad page sizes with BAD_USER_INPUT and a cursor not from the list with CURSOR_INVALID', async () => {
    for (const args of ['first: -5', 'first: 0', 'first: 1000']) {
      const result = await gql(url, `{ events(${args}) { edges { node { id } } } }`);
      assert.deepEqual(codes(result), ['BAD_USER_INPUT'], args);
      assert.equal(result.data, null);
    }
    const foreign = Buffer.from('12:not-an-id').toString('base64url');
    for (const args of ['after: "not-a-cursor"', `after: "${foreign}"`, 'after: ""']) {
      const result = await gql(url, `{ events(${args}) { edges { node { id } } } }`);
      assert.deepEqual(codes(result), ['CURSOR_INVALID'], args);
      assert.equal(result.data, null);
    }
  });

  it('gives null for unknown and malformed event ids', async () => {
    for (const id of ['00000000-0000-0000-0000-000000000000', 'abc', "'; drop table events; --", '']) {
      const result = await gql(url, `query($id: ID!) { event(id: $id) { id } }`, { id });
      assert.equal(result.errors, undefined, id);
      assert.equal(result.data.event, null, id);
    }
  });

  it('reads six events with their markets, selections and stats in as many queries as one event', async () => {
    for (let i = 0; i < 6; i++) await createLiveEvent(url, trader, `Batch${i}`, `Load${i}`);
    const page = (first: number) =>
      `{ events(status: LIVE, first: ${first}) { edges { node { id markets { id event { id } selections { id stats { betCount } market { id event { id } } } } } } } }`;
    const one = await statementsOf(page(1));
    const six = await statementsOf(page(6));
    assert.ok(one > 0);
    assert.equal(six, one, `one event took ${one} queries, six took ${six}`);
  });

  it('loads one event with markets, each selection knowing its market and event', async () => {
    const created = await createLiveEvent(url, trader);
    const result = await gql(url, `query($id: ID!) { event(id: $id) { id participants markets { id selections { id market { id event { id } } } } } }`, { id: created.id });
    const event = result.data.event;
    assert.equal(event.participants, 0);
    for (const market of event.markets) {
      for (const selection of market.selections) {
        assert.equal(selection.market.id, market.id);
        assert.equal(selection.market.event.id, created.id);
      }
    }
  });
});

describe('nodes', () => {
  const NODE = `query($id: ID!) { node(id: $id) { __typename id ... on Event { name } ... on Market { name } ... on Selection { name } ... on Bet { stake } } }`;

  it('finds an event, a market, a selection and your own bet by the id they carry', async () => {
    const event = await createLiveEvent(url, trader, 'Nodeham', 'Idville');
    const market = event.markets[0];
    const selection = market.selections[0];
    const owner = await signUpBettor(url, { prefix: 'node' });
    const placed = await gql(url, `mutation($input: PlaceBetInput!) { placeBet(input: $input) { ... on BetPlaced { bet { id } } ... on UserError { code } } }`, {
      input: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake: '5.00', idempotencyKey: 'node-1', oddsChangePolicy: 'ANY' },
    }, owner.token);
    const betId = placed.data.placeBet.bet.id;
    const expected = [
      [event.id, { __typename: 'Event', id: event.id, name: 'Nodeham v Idville' }],
      [market.id, { __typename: 'Market', id: market.id, name: market.name }],
      [selection.id, { __typename: 'Selection', id: selection.id, name: selection.name }],
      [betId, { __typename: 'Bet', id: betId, stake: '5.00' }],
    ] as const;
    for (const [id, node] of expected) {
      const result = await gql(url, NODE, { id }, owner.token);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.deepEqual(result.data.node, node);
    }
    const many = await gql(url, `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [betId, 'abc', event.id, selection.id] }, owner.token);
    assert.deepEqual(many.data.nodes, [{ __typename: 'Bet', id: betId }, null, { __typename: 'Event', id: event.id }, { __typename: 'Selection', id: selection.id }]);
  });

  it("gives null for unknown and malformed ids, and for someone else's bet", async () => {
    const event = await createLiveEvent(url, trader);
    const selection = event.markets[0].selections[0];
    const owner = await signUpBettor(url, { prefix: 'node' });
    const placed = await gql(url, `mutation($input: PlaceBetInput!) { placeBet(input: $input) { ... on BetPlaced { bet { id } } } }`, {
      input: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake: '5.00', idempotencyKey: 'node-2', oddsChangePolicy: 'ANY' },
    }, owner.token);
    const betId = placed.data.placeBet.bet.id;
    const stranger = await signUpBettor(url, { prefix: 'node' });
    for (const [id, token] of [[betId, stranger.token], [betId, undefined], ['00000000-0000-0000-0000-000000000000', owner.token], ['abc', owner.token], ['', undefined]] as const) {
      const result = await gql(url, NODE, { id }, token);
      assert.equal(result.errors, undefined, JSON.stringify(result.errors));
      assert.equal(result.data.node, null, `${id} as ${token ? 'someone' : 'nobody'}`);
    }
  });

  it('looks up at most 100 ids at once', async () => {
    const ids = Array.from({ length: 101 }, () => '00000000-0000-0000-0000-000000000000');
    const result = await gql(url, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    assert.deepEqual(codes(result), ['BAD_USER_INPUT']);
  });
});

describe('trader mutations', () => {
  it('lets the trader set odds, keeping the previous odds', async () => {
    const event = await createLiveEvent(url, trader);
    const selection = event.markets[0].selections[0];
    const result = await gql(url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "2.35") { id odds previousOdds } }`, { id: selection.id }, trader);
    assert.deepEqual(result.data.setOdds, { id: selection.id, odds: '2.35', previousOdds: '2.10' });
  });

  it('answers UNAUTHENTICATED when signed out and FORBIDDEN for a bettor, changing nothing', async () => {
    const event = await createLiveEvent(url, trader);
    const selection = event.markets[0].selections[0];
    const mutation = `mutation($id: ID!) { setOdds(selectionId: $id, odds: "5.00") { odds } }`;
    assert.deepEqual(codes(await gql(url, mutation, { id: selection.id })), ['UNAUTHENTICATED']);
    assert.deepEqual(codes(await gql(url, mutation, { id: selection.id }, 'not-a-token')), ['UNAUTHENTICATED']);
    assert.deepEqual(codes(await gql(url, mutation, { id: selection.id }, await bettorToken('bettor1'))), ['FORBIDDEN']);
    const after = await gql(url, `query($id: ID!) { event(id: $id) { markets { selections { odds } } } }`, { id: event.id });
    assert.equal(after.data.event.markets[0].selections[0].odds, '2.10');
  });

  it('rejects malformed and out-of-range odds before anything changes', async () => {
    const event = await createLiveEvent(url, trader);
    const selection = event.markets[0].selections[0];
    for (const odds of ['abc', '1.00', '0.5', '2.105', '1000.01', '']) {
      const result = await gql(url, `mutation($id: ID!, $odds: Odds!) { setOdds(selectionId: $id, odds: $odds) { odds } }`, { id: selection.id, odds }, trader);
      assert.ok(result.errors?.length, `odds ${odds} rejected`);
      assert.ok(result.status < 500, `odds ${odds} is not a server error`);
    }
    const literal = await gql(url, `mutation { setOdds(selectionId: "${selection.id}", odds: "abc") { odds } }`, {}, trader);
    assert.ok(literal.errors?.length && literal.status < 500);
    const after = await gql(url, `query($id: ID!) { event(id: $id) { markets { selections { odds previousOdds } } } }`, { id: event.id });
    assert.deepEqual(after.data.event.markets[0].selections[0], { odds: '2.10', previousOdds: null });
  });

  it('answers NOT_FOUND for unknown selections and markets', async () => {
    const unknown = '00000000-0000-0000-0000-000000000000';
    assert.deepEqual(codes(await gql(url, `mutation { setOdds(selectionId: "${unknown}", odds: "2.00") { id } }`, {}, trader)), ['NOT_FOUND']);
    assert.deepEqual(codes(await gql(url, `mutation { setOdds(selectionId: "nope", odds: "2.00") { id } }`, {}, trader)), ['NOT_FOUND']);
    assert.deepEqual(codes(await gql(url, `mutation { setMarketStatus(marketId: "${unknown}", status: SUSPENDED) { id } }`, {}, trader)), ['NOT_FOUND']);
  });

  it('suspends and reopens a market, and refuses SETTLED through this mutation', async () => {
    const event = await createLiveEvent(url, trader);
    const market = event.markets[0];
    const suspend = await gql(url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id status } }`, { id: market.id }, trader);
    assert.equal(suspend.data.setMarketStatus.status, 'SUSPENDED');
    const settle = await gql(url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SETTLED) { id status } }`, { id: market.id }, trader);
    assert.deepEqual(codes(settle), ['BAD_USER_INPUT']);
    const reopen = await gql(url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: OPEN) { status } }`, { id: market.id }, trader);
    assert.equal(reopen.data.setMarketStatus.status, 'OPEN');
  });

  it('rejects an invalid new event without writing anything', async () => {
    const before = await gql(url, `{ events(first: 100) { edges { node { id } } } }`);
    const cases = [
      { sport: 'Curling', home: 'A', away: 'B' },
      { sport: 'Football', home: 'Same', away: 'same' },
      { sport: 'Football', home: '', away: 'B' },
    ];
    for (const c of cases) {
      const result = await gql(url, `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
        input: { ...c, startsAt: new Date().toISOString(), markets: [{ name: 'Winner', selections: [{ name: 'A', odds: '1.50' }, { name: 'B', odds: '2.50' }] }] },
      }, trader);
      assert.deepEqual(codes(result), ['BAD_USER_INPUT'], JSON.stringify(c));
    }
    const oneSelection = await gql(url, `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { sport: 'Football', home: 'A', away: 'B', startsAt: new Date().toISOString(), markets: [{ name: 'Winner', selections: [{ name: 'A', odds: '1.50' }] }] },
    }, trader);
    assert.deepEqual(codes(oneSelection), ['BAD_USER_INPUT']);
    const badDate = await gql(url, `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, {
      input: { sport: 'Football', home: 'A', away: 'B', startsAt: 'tomorrow', markets: [] },
    }, trader);
    assert.ok(badDate.errors?.length && badDate.status < 500);
    const afterAll = await gql(url, `{ events(first: 100) { edges { node { id } } } }`);
    assert.equal(afterAll.data.events.edges.length, before.data.events.edges.length);
  });
});

describe('accounts', () => {
  it('signs up, signs in and reads the viewer', async () => {
    const token = await bettorToken('alice');
    const viewer = await gql(url, `{ viewer { id username } }`, {}, token);
    assert.equal(viewer.data.viewer.username, 'alice');
    const signIn = await gql(url, `mutation { signIn(username: "ALICE", password: "password123") { __typename ... on AuthPayload { viewer { username } } } }`);
    assert.equal(signIn.data.signIn.viewer.username, 'alice');
  });

  it('answers typed rejections for a taken username, bad input and wrong credentials', async () => {
    await bettorToken('bob');
    const rejection = async (mutation: string) => (await gql(url, mutation)).data;
    assert.equal((await rejection(`mutation { signUp(username: "BOB", password: "password123") { ... on Rejection { code } } }`)).signUp.code, 'USERNAME_TAKEN');
    assert.equal((await rejection(`mutation { signUp(username: "x", password: "password123") { ... on Rejection { code } } }`)).signUp.code, 'INVALID_INPUT');
    assert.equal((await rejection(`mutation { signUp(username: "carol", password: "short") { ... on Rejection { code } } }`)).signUp.code, 'INVALID_INPUT');
    assert.equal((await rejection(`mutation { signIn(username: "bob", password: "wrong-password") { ... on Rejection { code } } }`)).signIn.code, 'INVALID_CREDENTIALS');
    assert.equal((await rejection(`mutation { signIn(username: "nobody", password: "password123") { ... on Rejection { code } } }`)).signIn.code, 'INVALID_CREDENTIALS');
  });

  it('shows no viewer when signed out', async () => {
    const result = await gql(url, `{ viewer { id } }`);
    assert.equal(result.data.viewer, null);
  });
});

describe('HTTP edges', () => {
  it('answers malformed JSON with a 4xx', async () => {
    const response = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    assert.ok(response.status >= 400 && response.status < 500, `status ${response.status}`);
  });

  it('answers an unknown field with a validation error, not a 500', async () => {
    const result = await gql(url, `{ nope }`);
    assert.ok(result.status >= 400 && result.status < 500);
    assert.ok(result.errors?.length);
  });

  it('serves GraphiQL to browsers at /graphql with subscriptions over WebSocket', async () => {
    const response = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.match(html, /graphiql/i);
    assert.match(html, /LiveEvents/);
  });

  it('reports database and pub/sub health', async () => {
    const response = await fetch(`${url}/api/health`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.database.status, 'up');
    assert.equal(body.pubsub.status, 'up');
    assert.equal(body.pubsub.kind, 'redis');
    assert.equal(body.database.kind, 'postgres');
  });
});
