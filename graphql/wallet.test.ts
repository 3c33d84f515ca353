import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RunningServer } from './start-server';
import { assertLedgerInvariants } from '../e2e/support/ledger';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { collect, gql, startTestServer, wsClient, signUpBettor } from '../e2e/support/server';

let database: TestDatabase;
let server: RunningServer;
let url: string;

before(async () => {
  database = await createTestDatabase();
  server = await startTestServer({
    databaseUrl: database.url,
    env: { DEPOSIT_LIMIT_DEFAULT: '500.00', SIGNIN_FAILURES_PER_USERNAME: '3', SIGNIN_FAILURES_PER_ADDRESS: '1000' },
  });
  url = server.url;
});

after(async () => {
  await server?.close();
  await database?.drop();
});

const newUser = async () => (await signUpBettor(url, { deposit: '0' })).token;

const DEPOSIT = `mutation($amount: Money!, $key: String!) { deposit(amount: $amount, idempotencyKey: $key) {
  __typename ... on Deposited { viewer { balance } } ... on UserError { code message } ... on LimitRejection { max } } }`;
const balance = async (token: string) => (await gql(url, `{ viewer { balance } }`, {}, token)).data.viewer.balance;

describe('deposits', () => {
  it('credits the wallet and answers a retry with the same key without crediting twice', async () => {
    const token = await newUser();
    assert.equal(await balance(token), '0.00');
    const first = await gql(url, DEPOSIT, { amount: '25.50', key: 'd1' }, token);
    assert.equal(first.data.deposit.viewer.balance, '25.50');
    const again = await gql(url, DEPOSIT, { amount: '25.50', key: 'd1' }, token);
    assert.equal(again.data.deposit.__typename, 'Deposited');
    assert.equal(await balance(token), '25.50');
  });

  it('answers IDEMPOTENCY_CONFLICT when a key is reused for another amount', async () => {
    const token = await newUser();
    await gql(url, DEPOSIT, { amount: '10.00', key: 'k' }, token);
    const conflict = await gql(url, DEPOSIT, { amount: '11.00', key: 'k' }, token);
    assert.equal(conflict.data.deposit.code, 'IDEMPOTENCY_CONFLICT');
    assert.equal(await balance(token), '10.00');
  });

  it('refuses zero, negative, over-precise and non-numeric amounts, changing nothing', async () => {
    const token = await newUser();
    for (const amount of ['0', '-5.00', '0.00']) {
      const result = await gql(url, DEPOSIT, { amount, key: `bad-${amount}` }, token);
      assert.equal(result.data.deposit.code, 'INVALID_INPUT', amount);
    }
    for (const amount of ['1.005', 'abc', '', '1e3']) {
      const result = await gql(url, DEPOSIT, { amount, key: `bad-${amount}` }, token);
      assert.ok(result.errors?.length && result.status < 500, amount);
    }
    const emptyKey = await gql(url, DEPOSIT, { amount: '1.00', key: '' }, token);
    assert.equal(emptyKey.data.deposit.code, 'INVALID_INPUT');
    assert.equal(await balance(token), '0.00');
  });

  it('stops at the daily limit and says how much is left', async () => {
    const token = await newUser();
    await gql(url, DEPOSIT, { amount: '400.00', key: 'a' }, token);
    const over = await gql(url, DEPOSIT, { amount: '150.00', key: 'b' }, token);
    assert.deepEqual([over.data.deposit.code, over.data.deposit.max], ['LIMIT_EXCEEDED', '100.00']);
    const fits = await gql(url, DEPOSIT, { amount: '100.00', key: 'c' }, token);
    assert.equal(fits.data.deposit.viewer.balance, '500.00');
  });

  it('never lets concurrent deposits together pass the limit', async () => {
    const token = await newUser();
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => gql(url, DEPOSIT, { amount: '50.00', key: `c${i}` }, token)));
    assert.equal(results.filter((r) => r.data.deposit.__typename === 'Deposited').length, 10);
    assert.equal(await balance(token), '500.00');
  });

  it('lowers the limit at once and raises it only after 24 hours', async () => {
    const token = await newUser();
    const LIMIT = `mutation($a: Money!) { setDepositLimit(amount: $a) { __typename ... on DepositLimitSet { raisePending viewer { depositLimit { daily pending pendingFrom remainingToday } } } ... on UserError { code } } }`;
    const lowered = await gql(url, LIMIT, { a: '100.00' }, token);
    assert.equal(lowered.data.setDepositLimit.raisePending, false);
    assert.equal(lowered.data.setDepositLimit.viewer.depositLimit.daily, '100.00');
    const raised = await gql(url, LIMIT, { a: '300.00' }, token);
    const limit = raised.data.setDepositLimit.viewer.depositLimit;
    assert.equal(raised.data.setDepositLimit.raisePending, true);
    assert.deepEqual([limit.daily, limit.pending], ['100.00', '300.00']);
    const hours = (Date.parse(limit.pendingFrom) - Date.now()) / 3_600_000;
    assert.ok(hours > 23.9 && hours <= 24, `raise applies in 24 h, got ${hours}`);
    const over = await gql(url, DEPOSIT, { amount: '150.00', key: 'x' }, token);
    assert.equal(over.data.deposit.code, 'LIMIT_EXCEEDED');
    assert.equal((await gql(url, LIMIT, { a: '0' }, token)).data.setDepositLimit.code, 'INVALID_INPUT');
  });

  it('requires a signed-in user', async () => {
    const result = await gql(url, DEPOSIT, { amount: '1.00', key: 'z' });
    assert.equal(result.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    await assertLedgerInvariants(database.url);
  });
});

describe('sessions', () => {
  it('sets an httpOnly SameSite=Lax cookie on sign-in that authenticates HTTP and WebSocket', async () => {
    const username = `cookie${Date.now() % 100000}`;
    await gql(url, `mutation { signUp(username: "${username}", password: "password123") { __typename } }`);
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { signIn(username: "${username}", password: "password123") { __typename } }` }),
    });
    const setCookie = response.headers.get('set-cookie') ?? '';
    assert.match(setCookie, /^sb_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=43200/);
    const cookie = setCookie.split(';')[0];
    const viewer = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: '{ viewer { username } }' }),
    });
    assert.equal((await viewer.json()).data.viewer.username, username);

    const { default: WebSocket } = await import('ws');
    const { createClient } = await import('graphql-ws');
    const client = createClient({
      url: `${url.replace('http', 'ws')}/graphql`,
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      },
      retryAttempts: 0,
    });
    const sub = collect(client, `subscription { betUpdated { cursor } }`);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(sub.error, null, 'cookie-authenticated socket may subscribe to its own bets');
    assert.equal(sub.messages.length, 0);
    await client.dispose();

    const signOut = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: JSON.stringify({ query: 'mutation { signOut }' }),
    });
    assert.match(signOut.headers.get('set-cookie') ?? '', /^sb_session=; .*Max-Age=0/);
  });

  it('treats expired, forged and alg:none tokens as signed out', async () => {
    const token = await newUser();
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'TRADER' })).toString('base64url');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    for (const bad of [`${header}.${forgedPayload}.${signature}`, none, 'garbage']) {
      assert.equal((await gql(url, `{ viewer { id } }`, {}, bad)).data.viewer, null);
      assert.equal((await gql(url, DEPOSIT, { amount: '1.00', key: 'q' }, bad)).errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
    }
    const ws = wsClient(url, { token: none });
    const sub = collect(ws, `subscription { betUpdated { cursor } }`);
    await sub.ended();
    assert.equal((sub.messages[0]?.errors?.[0] as { extensions?: { code?: string } })?.extensions?.code, 'UNAUTHENTICATED');
    await ws.dispose();
  });

  it('rate limits failed sign-ins per username, even with the right password afterwards', async () => {
    const username = `limited${Date.now() % 100000}`;
    await gql(url, `mutation { signUp(username: "${username}", password: "password123") { __typename } }`);
    const attempt = async (password: string) =>
      (await gql(url, `mutation($u: String!, $p: String!) { signIn(username: $u, password: $p) { __typename ... on Rejection { code } } }`, { u: username, p: password })).data.signIn;
    for (let i = 0; i < 3; i++) assert.equal((await attempt('wrong-password')).code, 'INVALID_CREDENTIALS');
    assert.equal((await attempt('wrong-password')).code, 'RATE_LIMITED');
    assert.equal((await attempt('password123')).code, 'RATE_LIMITED');
  });
});
