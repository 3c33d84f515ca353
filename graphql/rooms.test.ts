import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from './start-server';
import { assertLedgerInvariants } from '../e2e/support/ledger';
import { eventually, freePort, ServerProcess } from '../e2e/support/processes';
import { createTestDatabase, TEST_REDIS_URL, type TestDatabase } from '../e2e/support/services';
import { collect, createLiveEvent, gql, startTestServer, traderToken, wsClient, signUpBettor } from '../e2e/support/server';

let database: TestDatabase;
let first: RunningServer;
let second: RunningServer;
let trader: string;
const prefix = `sbtest:rooms:${Date.now().toString(36)}:`;
const disposers: Array<() => unknown> = [];

before(async () => {
  database = await createTestDatabase();
  [first, second] = await Promise.all([
    startTestServer({ databaseUrl: database.url, env: { REDIS_PREFIX: prefix } }),
    startTestServer({ databaseUrl: database.url, env: { REDIS_PREFIX: prefix } }),
  ]);
  trader = await traderToken(first.url);
});

after(async () => {
  for (const dispose of disposers) await dispose();
  await Promise.all([first?.close(), second?.close()]);
  await database?.drop();
});

const user = (deposit = '100.00') => signUpBettor(first.url, { deposit, prefix: 'room' });

const participants = async (url: string, id: string) => (await gql(url, `query($id: ID!) { event(id: $id) { participants } }`, { id })).data.event.participants as number;
const ACTIVITY = `subscription($id: ID!) { eventActivity(eventId: $id) { __typename
  ... on BetActivity { user stakeBand selection { id } stats { betCount totalStaked } }
  ... on ChatMessage { id author text }
  ... on ParticipantsChanged { count }
  ... on ChallengeActivity { id status } } }`;
const CHAT = `mutation($e: ID!, $t: String!) { sendChatMessage(eventId: $e, text: $t) { __typename ... on ChatMessage { id text author } ... on Rejection { code } } }`;

describe('presence', () => {
  it('counts people across instances, pushes the count, and drops an instance that dies', async () => {
    const event = await createLiveEvent(first.url, trader, 'Presence', 'Room');
    const watcher = collect(wsClient(first.url), `subscription($id: ID!) { eventUpdated(eventId: $id) { participants } }`, { id: event.id });
    disposers.push(() => watcher.dispose());
    await eventually(async () => (await participants(second.url, event.id)) === 1, 5000, 'one person');
    const other = collect(wsClient(second.url), ACTIVITY, { id: event.id });
    disposers.push(() => other.dispose());
    await eventually(async () => (await participants(first.url, event.id)) === 2, 5000, 'two people');
    await watcher.until((m) => m.some((u) => u.data.eventUpdated.participants === 2), 5000);

    // A third instance, as a real process, whose subscriber is then killed with it.
    const doomed = new ServerProcess(await freePort(), {
      DATABASE_URL: database.url,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: prefix,
      AUTH_SECRET: randomBytes(32).toString('hex'),
      TRADER_PASSWORD: 'trader-password',
    });
    await doomed.start();
    const ghost = collect(wsClient(doomed.url), ACTIVITY, { id: event.id });
    await eventually(async () => (await participants(first.url, event.id)) === 3, 5000, 'three people');
    doomed.kill('SIGKILL');
    await eventually(async () => (await participants(first.url, event.id)) === 2, 20_000, 'the dead instance dropping out');
    ghost.dispose();
  });
});

describe('chat', () => {
  it('delivers a message to the room as plain text, across instances, and keeps history', async () => {
    const alice = await user();
    const event = await createLiveEvent(first.url, trader, 'Chat', 'Room');
    const feed = collect(wsClient(second.url), ACTIVITY, { id: event.id });
    disposers.push(() => feed.dispose());
    await eventually(async () => (await participants(first.url, event.id)) >= 1);
    // A control character is refused outright (BAD_USER_INPUT, decision 0016) rather than stripped.
    assert.equal((await gql(first.url, CHAT, { e: event.id, t: 'bell\u0007' }, alice.token)).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    const sent = await gql(first.url, CHAT, { e: event.id, t: '  <b>hello</b> room\n ' }, alice.token);
    assert.deepEqual([sent.data.sendChatMessage.text, sent.data.sendChatMessage.author], ['<b>hello</b> room', alice.username]);
    await feed.until((m) => m.some((x) => x.data.eventActivity.__typename === 'ChatMessage'));
    assert.equal(feed.messages.find((x) => x.data.eventActivity.__typename === 'ChatMessage')!.data.eventActivity.text, '<b>hello</b> room');
    const history = await gql(first.url, `query($id: ID!) { event(id: $id) { chat(last: 10) { text author } } }`, { id: event.id });
    assert.deepEqual(history.data.event.chat, [{ text: '<b>hello</b> room', author: alice.username }]);
  });

  it('refuses empty, overlong and floods of messages, and signed-out senders', async () => {
    const bob = await user();
    const event = await createLiveEvent(first.url, trader, 'Quiet', 'Room');
    const code = async (text: string, token: string | undefined = bob.token) => (await gql(first.url, CHAT, { e: event.id, t: text }, token)).data?.sendChatMessage?.code;
    assert.equal(await code('   \n\t '), 'INVALID_INPUT');
    assert.equal(await code('x'.repeat(281)), 'INVALID_INPUT');
    // Past the length any string argument may have, the input guard answers before the room does.
    assert.equal((await gql(first.url, CHAT, { e: event.id, t: 'x'.repeat(10 * 1024) }, bob.token)).errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
    assert.equal(await code('x'.repeat(280)), undefined);
    const unknown = await gql(first.url, CHAT, { e: '00000000-0000-0000-0000-000000000000', t: 'hi' }, bob.token);
    assert.equal(unknown.data.sendChatMessage.code, 'NOT_FOUND');
    const signedOut = await gql(first.url, CHAT, { e: event.id, t: 'hi' });
    assert.equal(signedOut.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    const flood = await Promise.all(Array.from({ length: 8 }, (_, i) => code(`message ${i}`)));
    assert.ok(flood.filter((c) => c === 'RATE_LIMITED').length >= 4, JSON.stringify(flood));
    const history = await gql(first.url, `query($id: ID!) { event(id: $id) { chat(last: 50) { text } } }`, { id: event.id });
    assert.equal(history.data.event.chat.length, 5, 'only the messages within the limit were written');
  });
});

describe('bets in the room', () => {
  it('shows a bet as a masked, banded activity with the selection totals, and in recent bets', async () => {
    const carol = await user();
    const event = await createLiveEvent(first.url, trader, 'Money', 'Room');
    const selection = event.markets[0].selections[0];
    const feed = collect(wsClient(second.url), ACTIVITY, { id: event.id });
    disposers.push(() => feed.dispose());
    await eventually(async () => (await participants(first.url, event.id)) >= 1);
    await gql(first.url, `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "12.00", idempotencyKey: "r1" }) { __typename } }`, { s: selection.id }, carol.token);
    await feed.until((m) => m.some((x) => x.data.eventActivity.__typename === 'BetActivity'));
    const activity = feed.messages.find((x) => x.data.eventActivity.__typename === 'BetActivity')!.data.eventActivity;
    assert.deepEqual(activity, {
      __typename: 'BetActivity',
      user: `${carol.username[0]}***${carol.username.at(-1)}`,
      stakeBand: '5 to 20',
      selection: { id: selection.id },
      stats: { betCount: 1, totalStaked: '12.00' },
    });
    const recent = await gql(first.url, `query($id: ID!) { event(id: $id) { recentBets(first: 5) { user stakeBand } markets { selections { stats { betCount totalStaked } } } } }`, { id: event.id });
    assert.equal(recent.data.event.recentBets.length, 1);
    assert.deepEqual(recent.data.event.markets[0].selections[0].stats, { betCount: 1, totalStaked: '12.00' });
  });
});

describe('challenges', () => {
  const OFFER = `mutation($s: ID!, $stake: Money!, $odds: Odds!) { offerChallenge(selectionId: $s, stake: $stake, odds: $odds) { __typename ... on ChallengePayload { challenge { id status stake takerStake mine } } ... on UserError { code } } }`;
  const TAKE = `mutation($c: ID!) { takeChallenge(challengeId: $c) { __typename ... on ChallengePayload { challenge { id status takenByMe } } ... on UserError { code } } }`;
  const balance = async (token: string) => (await gql(first.url, `{ viewer { balance } }`, {}, token)).data.viewer.balance;

  it('holds both stakes, pays the winner both on settlement, and keeps the ledger exact', async () => {
    const maker = await user();
    const taker = await user();
    const event = await createLiveEvent(first.url, trader, 'Duel', 'Room');
    const market = event.markets[0];
    const offered = await gql(first.url, OFFER, { s: market.selections[0].id, stake: '10.00', odds: '2.50' }, maker.token);
    const challenge = offered.data.offerChallenge.challenge;
    assert.deepEqual([challenge.status, challenge.stake, challenge.takerStake, challenge.mine], ['OPEN', '10.00', '15.00', true]);
    assert.equal(await balance(maker.token), '90.00');
    assert.equal((await gql(first.url, TAKE, { c: challenge.id }, maker.token)).data.takeChallenge.code, 'OWN_CHALLENGE');
    const taken = await gql(second.url, TAKE, { c: challenge.id }, taker.token);
    assert.deepEqual(taken.data.takeChallenge.challenge, { id: challenge.id, status: 'TAKEN', takenByMe: true });
    assert.equal(await balance(taker.token), '85.00');
    await gql(first.url, `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id } }`, {
      m: market.id,
      r: market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' })),
    }, trader);
    assert.equal(await balance(maker.token), '115.00');
    assert.equal(await balance(taker.token), '85.00');
    const status = await gql(first.url, `query($id: ID!) { event(id: $id) { challenges { id status } } }`, { id: event.id });
    assert.deepEqual(status.data.event.challenges, [{ id: challenge.id, status: 'WON' }]);
    await gql(first.url, `mutation($m: ID!) { unsettleMarket(marketId: $m) { id } }`, { m: market.id }, trader);
    assert.equal(await balance(maker.token), '90.00');
    await assertLedgerInvariants(database.url);
  });

  it('lets exactly one of two concurrent takers have a challenge', async () => {
    const maker = await user();
    const a = await user();
    const b = await user();
    const event = await createLiveEvent(first.url, trader, 'Race', 'Room');
    const offered = await gql(first.url, OFFER, { s: event.markets[0].selections[1].id, stake: '5.00', odds: '3.00' }, maker.token);
    const id = offered.data.offerChallenge.challenge.id;
    const [ra, rb] = await Promise.all([gql(first.url, TAKE, { c: id }, a.token), gql(second.url, TAKE, { c: id }, b.token)]);
    const outcomes = [ra.data.takeChallenge, rb.data.takeChallenge].map((r) => r.__typename === 'ChallengePayload' ? 'TAKEN' : r.code).sort();
    assert.deepEqual(outcomes, ['CHALLENGE_UNAVAILABLE', 'TAKEN']);
    const balances = [await balance(a.token), await balance(b.token)].sort((x, y) => Number(x) - Number(y));
    assert.deepEqual(balances, ['90.00', '100.00']);
    await assertLedgerInvariants(database.url);
  });

  it('answers bad offers with typed rejections and refunds cancelled ones', async () => {
    const maker = await user('20.00');
    const poor = await user('1.00');
    const event = await createLiveEvent(first.url, trader, 'Rules', 'Room');
    const s = event.markets[0].selections[0].id;
    const code = async (vars: Record<string, unknown>, token = maker.token) => {
      const r = await gql(first.url, OFFER, { s, stake: '5.00', odds: '2.00', ...vars }, token);
      return r.data?.offerChallenge?.code ?? (r.errors ? 'GRAPHQL_ERROR' : r.data.offerChallenge.__typename);
    };
    assert.equal(await code({ stake: '0' }), 'INVALID_INPUT');
    assert.equal(await code({ odds: '1.00' }), 'GRAPHQL_ERROR');
    assert.equal(await code({ s: '00000000-0000-0000-0000-000000000000' }), 'NOT_FOUND');
    assert.equal(await code({ stake: '5000.00' }), 'STAKE_TOO_HIGH');
    assert.equal(await code({ stake: '25.00' }), 'INSUFFICIENT_FUNDS');
    assert.equal(await code({}, poor.token), 'INSUFFICIENT_FUNDS');
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: SUSPENDED) { id } }`, { id: event.markets[0].id }, trader);
    assert.equal(await code({}), 'MARKET_SUSPENDED');
    await gql(first.url, `mutation($id: ID!) { setMarketStatus(marketId: $id, status: OPEN) { id } }`, { id: event.markets[0].id }, trader);
    const offered = await gql(first.url, OFFER, { s, stake: '5.00', odds: '2.00' }, maker.token);
    const id = offered.data.offerChallenge.challenge.id;
    assert.equal(await balance(maker.token), '15.00');
    const cancel = await gql(first.url, `mutation($c: ID!) { cancelChallenge(challengeId: $c) { __typename ... on ChallengePayload { challenge { status } } ... on UserError { code } } }`, { c: id }, maker.token);
    assert.equal(cancel.data.cancelChallenge.challenge.status, 'CANCELLED');
    assert.equal(await balance(maker.token), '20.00');
    assert.equal((await gql(first.url, TAKE, { c: id }, poor.token)).data.takeChallenge.code, 'CHALLENGE_UNAVAILABLE');
    await assertLedgerInvariants(database.url);
  });
});

describe('odds that respond to the money', () => {
  it('shortens the selection the money is on, lengthens the rest, keeps the overround and moves in bounded steps', async () => {
    const punter = await user('3000.00');
    const event = await createLiveEvent(first.url, trader, 'Heavy', 'Money');
    const market = event.markets[0];
    const oddsOf = async () =>
      ((await gql(first.url, `query($id: ID!) { event(id: $id) { markets { id selections { odds } } } }`, { id: event.id })).data.event.markets[0].selections as Array<{ odds: string }>).map((s) => Math.round(Number(s.odds) * 100));
    const before = await oddsOf();
    const watch = collect(wsClient(second.url), `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { id selections { odds } } } }`, { id: event.id });
    disposers.push(() => watch.dispose());
    await eventually(async () => (await participants(first.url, event.id)) >= 1);
    for (let i = 0; i < 3; i++) {
      const odds = (await oddsOf())[0];
      await gql(first.url, `mutation($s: ID!, $o: Odds!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: $o }], stake: "900.00", idempotencyKey: $k, oddsChangePolicy: ANY }) { __typename } }`,
        { s: market.selections[0].id, o: `${Math.floor(odds / 100)}.${String(odds % 100).padStart(2, '0')}`, k: `heavy${i}` }, punter.token);
      await eventually(async () => (await oddsOf())[0] !== odds, 5000, `prices moving after bet ${i + 1}`);
    }
    const after = await oddsOf();
    assert.ok(after[0] < before[0], `home shortened: ${before[0]} -> ${after[0]}`);
    assert.ok(after[1] > before[1] && after[2] > before[2], `others drifted: ${before} -> ${after}`);
    const book = (odds: number[]) => odds.reduce((sum, o) => sum + 100 / o, 0);
    assert.ok(Math.abs(book(after) - book(before)) < 0.02, `overround kept: ${book(before)} vs ${book(after)}`);
    // Three steps of at most 2% each: home's probability rose by no more than about 6%.
    assert.ok(before[0] / after[0] < 1.08, `bounded: ${before[0]} -> ${after[0]}`);
    await watch.until((m) => m.length >= 3);
  });
});
