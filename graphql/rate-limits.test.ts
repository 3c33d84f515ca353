import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from './start-server';
import { assertLedgerInvariants } from '../e2e/support/ledger';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '../e2e/support/services';
import { eventually } from '../e2e/support/processes';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../e2e/support/server';

// Every limiter counts and decides in one atomic step shared by the instances: requests are fired
// at once, half to each of two instances, and exactly the limit gets through.

let database: TestDatabase;
let a: RunningServer;
let b: RunningServer;
let trader: string;

const LIMITS = {
  SIGNIN_FAILURES_PER_USERNAME: '10',
  // All test requests come from one address; the per-address limit is not what is tested here.
  SIGNIN_FAILURES_PER_ADDRESS: '100000',
  CASHOUT_REQUESTS_PER_MINUTE: '30',
  CASHOUT_REQUESTS_PER_BET_PER_MINUTE: '20',
  DEPOSITS_PER_MINUTE: '5',
  BET_RATE_PER_MINUTE: '5',
  INPLAY_DELAY_MS: '0',
};

before(async () => {
  database = await createTestDatabase();
  const env = { ...LIMITS, REDIS_PREFIX: uniqueRedisPrefix() };
  [a, b] = await Promise.all([startTestServer({ databaseUrl: database.url, env }), startTestServer({ databaseUrl: database.url, env })]);
  trader = await traderToken(a.url);
});

after(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await database?.drop();
});

const instance = (i: number) => (i % 2 ? a : b).url;
const SIGN_IN = `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { __typename ... on AuthPayload { token } ... on Rejection { code retryAfterSeconds } } }`;
const signIn = async (i: number, username: string, password: string) => (await gql(instance(i), SIGN_IN, { u: username, p: password })).data.signIn;
const count = (answers: Array<{ __typename: string; code?: string }>, what: string) => answers.filter((x) => x.code === what || x.__typename === what).length;

describe('failed sign-ins', () => {
  it('evaluate exactly the limit of 40 wrong guesses fired at once at two instances, and refuse the rest', async () => {
    const { username } = await signUpBettor(a.url, { deposit: '0', prefix: 'guess' });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => signIn(i, username, `wrong-${i}`)));
    assert.equal(count(answers, 'INVALID_CREDENTIALS'), 10, JSON.stringify(answers));
    assert.equal(count(answers, 'RATE_LIMITED'), 30);
    for (const refused of answers.filter((x) => x.code === 'RATE_LIMITED')) assert.ok(refused.retryAfterSeconds > 0 && refused.retryAfterSeconds <= 900);
    assert.equal((await signIn(0, username, 'password123')).code, 'RATE_LIMITED', 'the right password waits for the window too');
  });

  it('sign no one in when the right password comes among 30 guesses while the first 10 are still being checked', async () => {
    const { username } = await signUpBettor(a.url, { deposit: '0', prefix: 'race' });
    // Ten wrong guesses spend the limit; 30 more, one of them right, follow while those ten are
    // still hashing (each takes a third of a second here).
    const first = Array.from({ length: 10 }, (_, i) => signIn(i, username, `wrong-${i}`));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const second = Array.from({ length: 30 }, (_, i) => signIn(i, username, i === 15 ? 'password123' : `later-${i}`));
    const answers = await Promise.all([...first, ...second]);
    assert.equal(count(answers, 'AuthPayload'), 0, JSON.stringify(answers));
    assert.equal(count(answers, 'INVALID_CREDENTIALS'), 10);
    assert.equal(count(answers.slice(10), 'RATE_LIMITED'), 30);
  });

  it('count only failures: a right password gives its place back', async () => {
    const { username } = await signUpBettor(a.url, { deposit: '0', prefix: 'ok' });
    // Each sign-in holds a place while its password is checked (so at most 10 are checked at
    // once), and gives it back when it succeeds.
    for (let i = 0; i < 12; i++) assert.equal((await signIn(i, username, 'password123')).__typename, 'AuthPayload');
    for (let i = 0; i < 10; i++) assert.equal((await signIn(i, username, 'nope-nope')).code, 'INVALID_CREDENTIALS');
    assert.equal((await signIn(0, username, 'nope-nope')).code, 'RATE_LIMITED');
  });
});

/** An open pre-match single for a fresh bettor; returns the bettor's token and the bet id. */
async function openBet() {
  const { token } = await signUpBettor(a.url, { deposit: '100.00', prefix: 'cash' });
  const event = await createLiveEvent(a.url, trader, `Cash${Date.now() % 100000}`, 'Flood');
  const placed = await gql(
    a.url,
    `mutation($s: ID!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "5.00", idempotencyKey: "cash" }) { ... on BetPlaced { bet { id } } ... on UserError { code } } }`,
    { s: event.markets[0].selections[0].id },
    token,
  );
  const betId = placed.data.placeBet.bet.id as string;
  await untilOpen(token, betId);
  return { token, betId, selectionId: event.markets[0].selections[0].id as string };
}

/**
 * The events are live, so a bet is PENDING until the acceptor runs (INPLAY_DELAY_MS 0 still means
 * one acceptor pass); a pending bet has no cashout, which would turn quotes into refusals.
 */
async function untilOpen(token: string, betId: string): Promise<void> {
  const status = async () => (await gql(a.url, `query($id: ID!) { bet(id: $id) { status } }`, { id: betId }, token)).data.bet?.status;
  await eventually(async () => (await status()) === 'OPEN', 15_000, `bet ${betId} open`);
}

const REQUEST = `mutation($bet: ID!) { requestCashout(betId: $bet) { __typename ... on CashoutOffer { id } ... on Rejection { code retryAfterSeconds } } }`;

describe('cashout requests', () => {
  it('quote exactly the per-bet limit of a flood of 60 requests on one bet across two instances, and refuse the rest with when to retry', async () => {
    const { token, betId } = await openBet();
    const answers = await Promise.all(Array.from({ length: 60 }, async (_, i) => (await gql(instance(i), REQUEST, { bet: betId }, token)).data.requestCashout));
    assert.equal(count(answers, 'CashoutOffer'), 20, JSON.stringify(answers.slice(0, 3)));
    const refused = answers.filter((x) => x.code === 'RATE_LIMITED');
    assert.equal(refused.length, 40);
    for (const r of refused) assert.ok(r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 60, JSON.stringify(r));
  });

  it('quote exactly the per-user limit over several bets, a refusal on one limit taking nothing from the other', async () => {
    const { token, betId: first } = await openBet();
    const event = await createLiveEvent(a.url, trader, 'More', 'Bets');
    const more = [];
    for (const [i, selection] of event.markets[0].selections.slice(0, 2).entries()) {
      const placed = await gql(
        a.url,
        `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "${selection.odds}" }], stake: "1.00", idempotencyKey: $k }) { ... on BetPlaced { bet { id } } } }`,
        { s: selection.id, k: `more${i}` },
        token,
      );
      more.push(placed.data.placeBet.bet.id as string);
    }
    for (const id of more) await untilOpen(token, id);
    const bets = [first, ...more];
    const answers = await Promise.all(Array.from({ length: 45 }, async (_, i) => (await gql(instance(i), REQUEST, { bet: bets[i % 3] }, token)).data.requestCashout));
    assert.equal(count(answers, 'CashoutOffer'), 30, JSON.stringify(answers));
    assert.equal(count(answers, 'RATE_LIMITED'), 15);
  });

  it('check the percent before counting: INVALID_INPUT comes first and costs nothing', async () => {
    const { token, betId } = await openBet();
    for (let i = 0; i < 25; i++) {
      const answer = (await gql(a.url, `mutation($bet: ID!) { requestCashout(betId: $bet, percent: 0) { ... on Rejection { code } } }`, { bet: betId }, token)).data.requestCashout;
      assert.equal(answer.code, 'INVALID_INPUT');
    }
    assert.equal((await gql(b.url, REQUEST, { bet: betId }, token)).data.requestCashout.__typename, 'CashoutOffer');
  });
});

const DEPOSIT = `mutation($k: String!) { deposit(amount: "1.00", idempotencyKey: $k) { __typename ... on Rejection { code retryAfterSeconds } } }`;

describe('deposits', () => {
  it('accept exactly the per-minute limit of 12 deposits fired at once at two instances, while a replay of an accepted key still answers', async () => {
    const { token } = await signUpBettor(a.url, { deposit: '0', prefix: 'dep' });
    const answers = await Promise.all(Array.from({ length: 12 }, async (_, i) => ({ key: `d${i}`, ...(await gql(instance(i), DEPOSIT, { k: `d${i}` }, token)).data.deposit })));
    assert.equal(count(answers, 'Deposited'), 5, JSON.stringify(answers));
    const refused = answers.filter((x) => x.code === 'RATE_LIMITED');
    assert.equal(refused.length, 7);
    for (const r of refused) assert.ok(r.retryAfterSeconds >= 1 && r.retryAfterSeconds <= 60);
    const balance = (await gql(b.url, `{ viewer { balance } }`, {}, token)).data.viewer.balance;
    assert.equal(balance, '5.00', 'only the accepted deposits were credited');
    const accepted = answers.find((x) => x.__typename === 'Deposited')!;
    assert.equal((await gql(a.url, DEPOSIT, { k: accepted.key }, token)).data.deposit.__typename, 'Deposited', 'a replay is answered, not limited');
    assert.equal((await gql(b.url, `{ viewer { balance } }`, {}, token)).data.viewer.balance, '5.00');
    await assertLedgerInvariants(database.url);
  });
});

describe('bets and chat', () => {
  it('place exactly the per-minute limit of 20 bets fired at once at two instances', async () => {
    const { token } = await signUpBettor(a.url, { deposit: '100.00', prefix: 'bets' });
    const event = await createLiveEvent(a.url, trader, 'Many', 'Bets');
    const selection = event.markets[0].selections[0];
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) =>
        (
          await gql(
            instance(i),
            `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "1.00", idempotencyKey: $k }) { __typename ... on Rejection { code retryAfterSeconds } } }`,
            { s: selection.id, k: `b${i}` },
            token,
          )
        ).data.placeBet,
      ),
    );
    assert.equal(count(answers, 'BetPlaced'), 5, JSON.stringify(answers));
    assert.equal(count(answers, 'RATE_LIMITED'), 15);
    assert.ok(answers.filter((x) => x.code === 'RATE_LIMITED').every((x) => x.retryAfterSeconds >= 1));
    await assertLedgerInvariants(database.url);
  });

  it('post exactly 5 of 20 chat messages fired at once at two instances', async () => {
    const { token } = await signUpBettor(a.url, { deposit: '0', prefix: 'chat' });
    const event = await createLiveEvent(a.url, trader, 'Loud', 'Room');
    const CHAT = `mutation($e: ID!, $t: String!) { sendChatMessage(eventId: $e, text: $t) { __typename ... on Rejection { code retryAfterSeconds } } }`;
    const answers = await Promise.all(Array.from({ length: 20 }, async (_, i) => (await gql(instance(i), CHAT, { e: event.id, t: `hello ${i}` }, token)).data.sendChatMessage));
    assert.equal(count(answers, 'ChatMessage'), 5);
    assert.equal(count(answers, 'RATE_LIMITED'), 15);
    const history = await gql(b.url, `query($id: ID!) { event(id: $id) { chat(last: 50) { text } } }`, { id: event.id });
    assert.equal(history.data.event.chat.length, 5);
  });
});
