import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Client } from 'graphql-ws';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { collect, createLiveEvent, gql, startTestServer, traderSetOdds, traderToken, wsClient } from '../e2e/support/server';
import { QUERY_LIMITS } from './limits';
import type { RunningServer } from './start-server';

let database: TestDatabase;
let server: RunningServer;
let trader: string;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url, env: { REDIS_PREFIX: `sbtest:limits:${Date.now().toString(36)}:` } });
  trader = await traderToken(server.url);
});

after(async () => {
  await server?.close();
  await database?.drop();
});

/** Nests `markets { event { … } }` until the operation is `levels` deep. */
function nested(levels: number): string {
  let inner = 'id';
  for (let depth = 4; depth < levels; depth += 2) inner = `markets { event { ${inner} } }`;
  return `{ events(first: 1) { edges { node { ${inner} } } } }`;
}

/** One operation over each limit, just past it, with the code it must answer. */
const OVER_LIMITS: Array<{ limit: string; code: string; query: string }> = [
  { limit: 'depth', code: 'QUERY_TOO_DEEP', query: nested(QUERY_LIMITS.depth + 2) },
  // Aliases of __typename are free (armor's allow-list); aliases of a field count.
  { limit: 'aliases', code: 'TOO_MANY_ALIASES', query: `{ ${Array.from({ length: QUERY_LIMITS.aliases + 1 }, (_, i) => `a${i}: events(first: 1) { pageInfo { hasNextPage } }`).join(' ')} }` },
  { limit: 'directives', code: 'TOO_MANY_DIRECTIVES', query: `{ __typename ${'@include(if: true) '.repeat(QUERY_LIMITS.directives + 1)}}` },
  { limit: 'tokens', code: 'TOO_MANY_TOKENS', query: `{ ${'__typename '.repeat(QUERY_LIMITS.tokens + 1)}}` },
  {
    limit: 'cost',
    code: 'QUERY_TOO_COSTLY',
    // Within the depth, alias and token limits, but each page of 100 events with their markets costs about 8,600.
    query: `{ ${Array.from({ length: 3 }, (_, i) => `p${i}: events(first: 100) { edges { node { id name markets { id name status selections { id name odds previousOdds status } } } } }`).join(' ')} }`,
  },
];

describe('query limits over HTTP', () => {
  for (const { limit, code, query } of OVER_LIMITS) {
    it(`answers an operation over the ${limit} limit with HTTP 400 and ${code}, running nothing`, async () => {
      const response = await gql(server.url, query);
      assert.equal(response.status, 400, JSON.stringify(response).slice(0, 400));
      assert.equal(response.data, undefined);
      assert.equal(response.errors?.[0]?.extensions?.code, code, JSON.stringify(response.errors).slice(0, 400));
      assert.doesNotMatch(response.errors![0].message, /^Syntax Error/);
      assert.equal((response.errors![0].extensions as Record<string, unknown>).http, undefined);
    });
  }

  it('answers an operation within every limit as before', async () => {
    const response = await gql(server.url, nested(QUERY_LIMITS.depth));
    assert.equal(response.status, 200);
    assert.equal(response.errors, undefined);
  });
});

describe('query limits over graphql-ws', () => {
  let client: Client;
  const closes: Array<{ code: number; reason: string }> = [];

  before(() => {
    client = wsClient(server.url);
    client.on('closed', (event) => closes.push({ code: (event as { code: number }).code, reason: String((event as { reason: unknown }).reason) }));
  });
  after(async () => {
    await client?.dispose();
  });

  it('refuses each operation over a limit with its own error while the socket and its other subscriptions live on', async () => {
    const event = await createLiveEvent(server.url, trader, 'Limitford', 'Capton');
    const selection = event.markets[0].selections[0];
    const odds = collect(client, `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { selections { id odds } } } }`, { id: event.id });
    // A subscription's start is not acknowledged: move the odds until the first change arrives.
    for (let i = 0; odds.messages.length === 0; i += 1) {
      await traderSetOdds(server.url, trader, selection.id, `2.${20 + i}`);
      await odds.until((m) => m.length >= 1, 1000).catch(() => undefined);
      assert.ok(i < 20, 'the odds subscription never started');
    }

    for (const { code, query } of OVER_LIMITS) {
      const refused = collect(client, query);
      await refused.ended(10_000);
      const errors = refused.error as Array<{ message: string; extensions?: Record<string, unknown> }>;
      assert.ok(Array.isArray(errors), `expected an operation error, got ${JSON.stringify(refused.error)} after ${JSON.stringify(refused.messages).slice(0, 400)}`);
      assert.equal(errors[0]?.extensions?.code, code, JSON.stringify(errors).slice(0, 400));
      assert.equal(errors[0].extensions?.http, undefined);
    }
    // A subscription over a limit is refused the same way.
    const deepSubscription = collect(client, `subscription($id: ID!) { eventUpdated(eventId: $id) { markets { event { markets { event { markets { event { markets { event { markets { event { id } } } } } } } } } } } }`, { id: event.id });
    await deepSubscription.ended(10_000);
    assert.equal((deepSubscription.error as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code, 'QUERY_TOO_DEEP');

    assert.deepEqual(closes, [], 'the socket was closed');
    const seen = odds.messages.length;
    await traderSetOdds(server.url, trader, selection.id, '3.05');
    await odds.until((m) => m.length > seen && m.at(-1)!.data.oddsChanged.markets[0].selections[0].odds === '3.05', 10_000);
    const plain = collect(client, `{ events(first: 1) { edges { cursor } } }`);
    await plain.ended(10_000);
    assert.equal(plain.error, null);
    assert.equal(plain.messages[0]?.errors, undefined);
    assert.deepEqual(closes, []);
    odds.dispose();
  });
});
