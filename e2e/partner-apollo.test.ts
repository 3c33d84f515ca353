/**
 * A partner's integration, set up exactly as docs/API.md's "Apollo Client" section says: Apollo
 * Client 4 in Node over real HTTP and a real graphql-ws socket, with the published possibleTypes,
 * relayStylePagination, and the resumable live socket (app/_live/live-socket.ts) for
 * subscriptions.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ApolloClient, ApolloLink, gql, HttpLink, InMemoryCache, type TypedDocumentNode } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { relayStylePagination } from '@apollo/client/utilities';
import { createClient } from 'graphql-ws';
import { OperationTypeNode } from 'graphql';
import WebSocket from 'ws';
import introspection from '../docs/possible-types.json' with { type: 'json' };
import { liveLink } from '../app/_live/live-link';
import { createLiveSocket, type LiveSocket } from '../app/_live/live-socket';
import type { RunningServer } from '../graphql/start-server';
import { createLiveEvent, gql as post, signUpBettor, startTestServer, traderToken } from './support/server';
import { createTestDatabase, type TestDatabase } from './support/services';

let database: TestDatabase;
let server: RunningServer;
let url: string;
let trader: string;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url, env: { INPLAY_DELAY_MS: '0' } });
  url = server.url;
  trader = await traderToken(url);
});

/** Sockets and subscriptions a test opened, closed even when it fails. */
const cleanups: Array<() => void> = [];

after(async () => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  await server?.close();
  await database?.drop();
});

/** Every WebSocket the partner's client opens, so the test can cut one as a network would. */
const opened: WebSocket[] = [];
class RecordedWebSocket extends WebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols);
    opened.push(this);
  }
}

/** docs/API.md's client: possibleTypes, relayStylePagination, HTTP for operations, the live socket for subscriptions. */
function partnerClient(token: string, options: { possibleTypes?: boolean; socket?: LiveSocket } = {}): { client: ApolloClient; socket: LiveSocket } {
  const socket =
    options.socket ??
    createLiveSocket({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: RecordedWebSocket, connectionParams: { authorization: `Bearer ${token}` } });
  const http = new HttpLink({ uri: `${url}/graphql`, headers: { authorization: `Bearer ${token}` } });
  const client = new ApolloClient({
    link: ApolloLink.split((op) => op.operationType === OperationTypeNode.SUBSCRIPTION, liveLink(socket), http),
    cache: new InMemoryCache({
      possibleTypes: options.possibleTypes === false ? undefined : introspection.possibleTypes,
      typePolicies: { Query: { fields: { events: relayStylePagination(['status', 'sport']) } } },
    }),
  });
  return { client, socket };
}

const PLACE_BET = gql`
  mutation PlaceBet($input: PlaceBetInput!) {
    placeBet(input: $input) {
      __typename
      ... on BetPlaced { bet { id status } }
      ... on UserError { code message }
    }
  }
` as TypedDocumentNode<{ placeBet: { __typename: string; code?: string; message?: string; bet?: { id: string } } }, { input: unknown }>;

const EVENTS = gql`
  query Events($first: Int, $after: String) {
    events(first: $first, after: $after) {
      edges { cursor node { id name } }
      pageInfo { hasNextPage endCursor }
    }
  }
` as TypedDocumentNode<{ events: { edges: Array<{ node: { id: string; name: string } }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } }, { first?: number; after?: string }>;

const BET_UPDATED = gql`
  subscription BetUpdated($after: String) {
    betUpdated(after: $after) { cursor kind bet { id status } }
  }
` as TypedDocumentNode<{ betUpdated: { cursor: string; kind: string; bet: { id: string } } }, { after?: string | null }>;

/** Retries an assertion until it holds or the time is up (then throws its last failure). */
async function eventually(check: () => void, { timeoutMs = 5000 }: { timeoutMs?: number } = {}): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function placeSingle(token: string, selection: { id: string; odds: string }): Promise<string> {
  const placed = await post(url, `mutation($in: PlaceBetInput!) { placeBet(input: $in) { __typename ... on BetPlaced { bet { id } } } }`, {
    in: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake: '1.00', idempotencyKey: randomUUID() },
  }, token);
  const id = placed.data?.placeBet?.bet?.id as string | undefined;
  assert.ok(id, JSON.stringify(placed));
  return id;
}

describe('a partner on Apollo Client 4, set up as docs/API.md says', { timeout: 120_000 }, () => {
  it('receives the UserError code and message, which read as a bare __typename without possibleTypes', async () => {
    const { token } = await signUpBettor(url, { prefix: 'apollo' });
    const event = await createLiveEvent(url, trader);
    const input = { legs: [{ selectionId: event.markets[0].selections[0].id, odds: '2.10' }], stake: '0.01', idempotencyKey: randomUUID() };

    const partner = partnerClient(token);
    const answered = await partner.client.mutate({ mutation: PLACE_BET, variables: { input } });
    assert.equal(answered.data?.placeBet.__typename, 'LimitRejection');
    assert.equal(answered.data?.placeBet.code, 'STAKE_TOO_LOW');
    assert.match(answered.data?.placeBet.message ?? '', /stake/i);
    partner.socket.dispose();

    // The trap the guide warns about: the same document without possibleTypes loses the fields.
    const bare = partnerClient(token, { possibleTypes: false });
    const lost = await bare.client.mutate({ mutation: PLACE_BET, variables: { input: { ...input, idempotencyKey: randomUUID() } } });
    assert.deepEqual({ ...lost.data?.placeBet }, { __typename: 'LimitRejection' });
    bare.socket.dispose();
  });

  it('pages events with relayStylePagination into one cached list', async () => {
    const { token } = await signUpBettor(url, { prefix: 'pager' });
    for (let i = 0; i < 5; i++) await createLiveEvent(url, trader, `Home${i}`, `Away${i}`);
    const everything = (await post(url, `{ events(first: 100) { edges { node { id } } } }`)).data.events.edges.map((e: { node: { id: string } }) => e.node.id);
    assert.ok(everything.length >= 5);

    const { client, socket } = partnerClient(token);
    try {
      // Page by page over HTTP, two at a time; each page lands in the one cached `events` list.
      let page = await client.query({ query: EVENTS, variables: { first: 2 }, fetchPolicy: 'network-only' });
      let pages = 1;
      while (page.data?.events.pageInfo.hasNextPage) {
        page = await client.query({ query: EVENTS, variables: { first: 2, after: page.data.events.pageInfo.endCursor ?? undefined }, fetchPolicy: 'network-only' });
        pages += 1;
      }
      assert.equal(pages, Math.ceil(everything.length / 2));
      const merged = client.readQuery({ query: EVENTS, variables: { first: 2 } });
      assert.deepEqual(merged?.events.edges.map((e) => e.node.id), everything);
    } finally {
      socket.dispose();
    }
  });

  it('resumes betUpdated across a forced socket close with 0 lost and 0 duplicated updates, where plain graphql-ws retry repeats them', async () => {
    const { token } = await signUpBettor(url, { prefix: 'resume', deposit: '100.00' });
    const event = await createLiveEvent(url, trader);
    const selection = event.markets[0].selections[0];

    // Cut sockets stay down for a second and a half, long enough to place bets meanwhile.
    const socket = createLiveSocket({
      url: `${url.replace(/^http/, 'ws')}/graphql`,
      webSocketImpl: RecordedWebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      backoff: { baseMs: 1500, capMs: 1500 },
      random: () => 1,
    });
    cleanups.push(() => socket.dispose());
    const { client } = partnerClient(token, { socket });
    const received: string[] = [];
    const stream = client.subscribe({ query: BET_UPDATED, variables: { after: null } }).subscribe({ next: (r) => r.data && received.push(r.data.betUpdated.cursor) });

    // The same subscription the way the old guide set it up: graphql-ws's own retry, from a cursor.
    const firstBet = await placeSingle(token, selection);
    await eventually(() => assert.ok(received.length >= 2, `got ${received.length}`));
    const startCursor = received[0];
    const plainOpened: WebSocket[] = [];
    class PlainWebSocket extends WebSocket {
      constructor(address: string, protocols?: string | string[]) {
        super(address, protocols);
        plainOpened.push(this);
      }
    }
    const plain = new ApolloClient({
      link: new GraphQLWsLink(createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: PlainWebSocket, connectionParams: { authorization: `Bearer ${token}` }, retryAttempts: 5, retryWait: () => new Promise((r) => setTimeout(r, 1500)) })),
      cache: new InMemoryCache(),
    });
    const plainReceived: string[] = [];
    const plainStream = plain.subscribe({ query: BET_UPDATED, variables: { after: startCursor } }).subscribe({ next: (r) => r.data && plainReceived.push(r.data.betUpdated.cursor) });
    cleanups.push(() => plainStream.unsubscribe(), () => stream.unsubscribe());
    await eventually(() => assert.equal(plainReceived.length, 1));

    // Cut both sockets as a dropped network would, and bet while they are down.
    const before = received.length;
    opened.at(-1)!.terminate();
    plainOpened.at(-1)!.terminate();
    await eventually(() => assert.equal(socket.snapshot().state, 'reconnecting'));
    const gapBets = [await placeSingle(token, selection), await placeSingle(token, selection)];
    assert.equal(received.length, before, 'nothing arrives while the socket is down');
    await eventually(() => assert.equal(socket.snapshot().state, 'connected'), { timeoutMs: 10_000 });
    const lastBet = await placeSingle(token, selection);

    // Every update the server wrote for these bets, in order: PLACED and ACCEPTED for each.
    const expected = 2 * (1 + gapBets.length + 1);
    await eventually(() => assert.equal(received.length, expected, `received ${JSON.stringify(received)}`), { timeoutMs: 10_000 });
    assert.equal(new Set(received).size, received.length, 'no update twice');
    assert.deepEqual([...received].sort((a, b) => Number(a) - Number(b)), received, 'in order');
    const timelines = await Promise.all([firstBet, ...gapBets, lastBet].map(async (id) => (await post(url, `query($id: ID!) { bet(id: $id) { timeline { kind } } }`, { id }, token)).data.bet.timeline.length));
    assert.equal(timelines.reduce((a, b) => a + b, 0), expected, 'as many updates as the bets have timeline entries');

    // graphql-ws re-sent `after: <the first cursor>`: the updates before the cut came again.
    await eventually(() => assert.ok(plainReceived.length >= expected, `plain got ${plainReceived.length}`), { timeoutMs: 10_000 });
    assert.ok(new Set(plainReceived).size < plainReceived.length, `plain graphql-ws retry repeats updates: ${JSON.stringify(plainReceived)}`);

    stream.unsubscribe();
    plainStream.unsubscribe();
    socket.dispose();
    await plain.stop?.();
  });
});
