import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { collect, createLiveEvent, gql, signUpBettor, startTestServer, traderToken, wsClient } from '../e2e/support/server';
import { STRING_INPUT_LIMITS, stringProblem } from './input-guard';
import type { RunningServer } from './start-server';

let database: TestDatabase;
let server: RunningServer;
let trader: string;
let sql: postgres.Sql;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({ databaseUrl: database.url, env: { REDIS_PREFIX: `sbtest:input:${Date.now().toString(36)}:` } });
  trader = await traderToken(server.url);
  sql = postgres(database.url, { max: 1 });
});

after(async () => {
  await sql?.end();
  await server?.close();
  await database?.drop();
});

const codes = (result: { errors?: Array<{ extensions?: { code?: string } }> }) => (result.errors ?? []).map((e) => e.extensions?.code);
const count = async (table: string) => (await sql.unsafe(`select count(*)::int as n from ${table}`))[0].n as number;

describe('string arguments', () => {
  it('reads text as text: tabs, newlines, RTL and zero-width marks, emoji and SQL-ish text pass; controls, lone surrogates and over-long strings do not', () => {
    for (const ok of ['plain', 'tab\tand\nnewline\r\n', '\u202eevil\u202c', 'zero\u200bwidth\ufeff', 'مرحبا', '😀', "'; drop table bets; --", 'x'.repeat(STRING_INPUT_LIMITS.maxChars)]) {
      assert.equal(stringProblem(ok), null, JSON.stringify(ok));
    }
    for (const bad of ['\u0000', 'a\u0000b', '\u001b[31m', '\u007f', '\u0085', '\ud800', 'x\udfffy', 'x'.repeat(STRING_INPUT_LIMITS.maxChars + 1)]) {
      assert.notEqual(stringProblem(bad), null, JSON.stringify(bad).slice(0, 40));
    }
  });

  it('refuses a NUL byte in the sport filter, a username, a key name and an event with BAD_USER_INPUT, changing nothing', async () => {
    const bettor = (await signUpBettor(server.url, { prefix: 'nul' })).token;
    const [users, keys, events] = [await count('users'), await count('api_keys'), await count('events')];

    const sport = await gql(server.url, `query($s: String) { events(sport: $s) { edges { cursor } } }`, { s: 'Foot\u0000ball' });
    assert.deepEqual(codes(sport), ['BAD_USER_INPUT']);
    assert.equal(sport.status, 200);
    const literal = await gql(server.url, `{ events(sport: "\\u0000") { edges { cursor } } }`);
    assert.deepEqual(codes(literal), ['BAD_USER_INPUT']);

    const signUp = await gql(server.url, `mutation($u: String!) { signUp(username: $u, password: "password123") { __typename } }`, { u: 'eve\u0000' });
    assert.deepEqual(codes(signUp), ['BAD_USER_INPUT']);
    const signIn = await gql(server.url, `mutation($u: String!) { signIn(username: $u, password: "password123") { __typename } }`, { u: '\u0000' });
    assert.deepEqual(codes(signIn), ['BAD_USER_INPUT']);

    const key = await gql(server.url, `mutation($n: String!) { createApiKey(name: $n, scopes: [READ]) { __typename } }`, { n: 'key\u0000' }, bettor);
    assert.deepEqual(codes(key), ['BAD_USER_INPUT']);

    const input = { sport: 'Football', home: 'Nul\u0000town', away: 'Away', startsAt: new Date(Date.now() + 3_600_000).toISOString(), markets: [{ name: 'Match', selections: [{ name: 'A', odds: '2.00' }, { name: 'B', odds: '2.00' }] }] };
    const event = await gql(server.url, `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, { input }, trader);
    assert.deepEqual(codes(event), ['BAD_USER_INPUT']);
    const nested = await gql(server.url, `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, { input: { ...input, home: 'Home', markets: [{ name: 'Match', selections: [{ name: '\ud800', odds: '2.00' }, { name: 'B', odds: '2.00' }] }] } }, trader);
    assert.deepEqual(codes(nested), ['BAD_USER_INPUT']);
    assert.match(nested.errors![0].message, /markets\[0\]\.selections\[0\]\.name/);

    assert.deepEqual([await count('users'), await count('api_keys'), await count('events')], [users, keys, events]);
  });

  it('refuses a control character, a lone surrogate or an over-long string in a bet or a chat message, placing and posting nothing', async () => {
    const bettor = (await signUpBettor(server.url, { prefix: 'ctl' })).token;
    const event = await createLiveEvent(server.url, trader, 'Ctlby', 'Surrogate Rovers');
    const [bets, messages] = [await count('bets'), await count('chat_messages')];
    const place = `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "1.00", idempotencyKey: $k }) { __typename } }`;
    for (const k of ['k\u001b', 'k\udc00', 'k'.repeat(STRING_INPUT_LIMITS.maxChars + 1)]) {
      assert.deepEqual(codes(await gql(server.url, place, { s: event.markets[0].selections[0].id, k }, bettor)), ['BAD_USER_INPUT']);
    }
    const chat = `mutation($e: ID!, $t: String!) { sendChatMessage(eventId: $e, text: $t) { __typename } }`;
    assert.deepEqual(codes(await gql(server.url, chat, { e: event.id, t: 'x'.repeat(1_000_000) }, bettor)), ['BAD_USER_INPUT']);
    assert.deepEqual(codes(await gql(server.url, chat, { e: `${event.id}\u0000`, t: 'hi' }, bettor)), ['BAD_USER_INPUT']);
    assert.deepEqual([await count('bets'), await count('chat_messages')], [bets, messages]);
    // Marks that are text go through.
    const rtl = await gql(server.url, `mutation($e: ID!, $t: String!) { sendChatMessage(eventId: $e, text: $t) { __typename ... on ChatMessage { text } } }`, { e: event.id, t: 'go \u202eleft\u202c \u200b!' }, bettor);
    assert.equal(rtl.data.sendChatMessage.__typename, 'ChatMessage');
  });

  it('refuses a hostile string in a subscription argument over graphql-ws, and the socket carries on', async () => {
    const bettor = (await signUpBettor(server.url, { prefix: 'wsnul' })).token;
    const client = wsClient(server.url, { token: bettor });
    try {
      for (const [query, variables] of [
        [`subscription($id: ID!) { oddsChanged(eventId: $id) { event { id } } }`, { id: '\u0000' }],
        [`subscription($id: ID!) { eventActivity(eventId: $id) { __typename } }`, { id: '\ud800' }],
        [`subscription($b: ID) { cashoutOffered(betId: $b) { id } }`, { b: 'b'.repeat(10_000) }],
      ] as const) {
        const refused = collect(client, query, variables);
        await refused.ended(10_000);
        const errors = (refused.error ?? refused.messages[0]?.errors) as Array<{ extensions?: { code?: string } }>;
        assert.deepEqual(errors.map((e) => e.extensions?.code), ['BAD_USER_INPUT'], query);
      }
      const fine = collect(client, `{ events(first: 1) { edges { cursor } } }`);
      await fine.ended(10_000);
      assert.equal(fine.messages[0]?.errors, undefined);
    } finally {
      await client.dispose();
    }
  });
});

describe('values that do not fit their type', () => {
  it('answers a variable whose value does not fit its type with BAD_USER_INPUT over HTTP and graphql-ws', async () => {
    const bettor = (await signUpBettor(server.url, { prefix: 'var' })).token;
    const cases: Array<[string, Record<string, unknown>]> = [
      [`query($f: Int) { events(first: $f) { edges { cursor } } }`, { f: 1.5 }],
      [`query($f: Int) { events(first: $f) { edges { cursor } } }`, { f: 2 ** 31 }],
      [`mutation($a: Money!) { deposit(amount: $a, idempotencyKey: "v") { __typename } }`, { a: '1e3' }],
      [`mutation($a: Money!) { deposit(amount: $a, idempotencyKey: "v") { __typename } }`, { a: null }],
    ];
    for (const [query, variables] of cases) {
      const result = await gql(server.url, query, variables, bettor);
      assert.equal(result.status, 400, JSON.stringify(result));
      assert.deepEqual(codes(result), ['BAD_USER_INPUT'], JSON.stringify(variables));
    }
    const client = wsClient(server.url, { token: bettor });
    try {
      for (const [query, variables] of cases) {
        const refused = collect(client, query, variables);
        await refused.ended(10_000);
        const errors = (refused.error ?? refused.messages[0]?.errors) as Array<{ extensions?: { code?: string } }>;
        assert.deepEqual(errors.map((e) => e.extensions?.code), ['BAD_USER_INPUT'], JSON.stringify(variables));
      }
    } finally {
      await client.dispose();
    }
  });
});

describe('resume cursors', () => {
  it('answers a malformed, out-of-range or future betUpdated cursor with CURSOR_INVALID, and resumes from a real one', async () => {
    const { token } = await signUpBettor(server.url, { prefix: 'cur' });
    const event = await createLiveEvent(server.url, trader, 'Cursorby', 'Future Town');
    const placed = await gql(server.url, `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "1.00", idempotencyKey: "cur" }) { __typename } }`, { s: event.markets[0].selections[0].id }, token);
    assert.equal(placed.data.placeBet.__typename, 'BetPlaced');
    const latest = (await gql(server.url, `{ viewer { betUpdatesCursor } }`, {}, token)).data.viewer.betUpdatesCursor as string;
    assert.ok(latest);
    const client = wsClient(server.url, { token });
    try {
      const refusedCursors = ['abc', '-1', '1.5', '', '007', '1e3', '9223372036854775808', '99999999999999999999', (BigInt(latest) + 1000n).toString()];
      for (const cursor of refusedCursors) {
        const sub = collect(client, `subscription($a: String) { betUpdated(after: $a) { cursor } }`, { a: cursor });
        await sub.ended(10_000);
        const errors = (sub.error ?? sub.messages[0]?.errors) as Array<{ extensions?: { code?: string } }>;
        assert.deepEqual(errors.map((e) => e.extensions?.code), ['CURSOR_INVALID'], cursor);
      }
      // The real cursor (and 0: everything kept) resume and stay open.
      const resumed = collect(client, `subscription($a: String) { betUpdated(after: $a) { cursor kind } }`, { a: '0' });
      await resumed.until((m) => m.some((x) => x.data?.betUpdated?.cursor === latest), 10_000);
      resumed.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('answers a cursor not from the list on bets(after:) with CURSOR_INVALID', async () => {
    const { token } = await signUpBettor(server.url, { prefix: 'curb' });
    for (const cursor of ['nope', Buffer.from('1:not-a-uuid').toString('base64url'), '']) {
      const result = await gql(server.url, `query($a: String) { viewer { bets(after: $a) { edges { cursor } } } }`, { a: cursor }, token);
      assert.deepEqual(codes(result), ['CURSOR_INVALID'], cursor);
    }
  });
});
