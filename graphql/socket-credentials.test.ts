import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { RunningServer } from './start-server';
import { storeRevocation } from '../lib/auth/revocations';
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from '../e2e/support/services';
import { collect, createLiveEvent, gql, signUpBettor, startTestServer, traderSetOdds, traderToken } from '../e2e/support/server';

// A socket acts with its credential as it stands now. Two instances share Postgres and Redis; the
// socket is on B, the credential is revoked (or signed out) on A.

let database: TestDatabase;
const servers: RunningServer[] = [];

before(async () => {
  database = await createTestDatabase();
});

after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await database?.drop();
});

async function pair(env: Record<string, string> = {}) {
  const shared = { INPLAY_DELAY_MS: '0', REDIS_PREFIX: uniqueRedisPrefix(), ...env };
  const started = await Promise.all([startTestServer({ databaseUrl: database.url, env: shared }), startTestServer({ databaseUrl: database.url, env: shared })]);
  servers.push(...started);
  return started;
}

function socket(url: string, connectionParams: Record<string, string>): Client {
  return createClient({ url: `${url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, connectionParams, retryAttempts: 0, lazy: false });
}

/** Runs one query or mutation over the socket and answers its result (or its errors). */
function once(client: Client, query: string, variables: Record<string, unknown> = {}): Promise<{ data?: any; errors?: any[] }> {
  return new Promise((resolve) => {
    let result: { data?: any; errors?: any[] } = {};
    client.subscribe(
      { query, variables },
      {
        next: (value) => (result = value as typeof result),
        error: (errors) => resolve({ errors: Array.isArray(errors) ? errors : [errors] }),
        complete: () => resolve(result),
      },
    );
  });
}

const PLACE = `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "1.00", idempotencyKey: $k }) { __typename ... on UserError { code } } }`;
const DEPOSIT = `mutation($k: String!) { deposit(amount: "1.00", idempotencyKey: $k) { __typename } }`;
const BET_UPDATES = `subscription { betUpdated { kind bet { id } } }`;
const ODDS = `subscription($id: ID!) { oddsChanged(eventId: $id) { markets { selections { odds } } } }`;

/** The error a viewer-bound stream or operation ends with once its credential no longer holds. */
function assertCredentialLost(errors: any[] | undefined, reason: 'CREDENTIAL_REVOKED' | 'CREDENTIAL_EXPIRED') {
  assert.ok(errors?.length, 'refused with an error');
  assert.equal(errors![0].extensions?.code, 'UNAUTHENTICATED', JSON.stringify(errors));
  assert.equal(errors![0].extensions?.reason, reason, JSON.stringify(errors));
}

/** Waits for a subscription to end (with its last message holding the error) and returns that message's errors. */
async function endedWith(sub: ReturnType<typeof collect>, timeoutMs: number) {
  await sub.ended(timeoutMs);
  assert.equal(sub.error, null, `ended by an error frame or close, not a final result: ${String(sub.error)}`);
  return sub.messages.at(-1)?.errors as any[] | undefined;
}

describe('a socket signed in with an API key', () => {
  it('stops acting for the account on another instance once the key is revoked: the next operation is refused and betUpdated ends, while public odds go on', async () => {
    const [a, b] = await pair();
    const trader = await traderToken(a.url);
    const { token } = await signUpBettor(a.url, { prefix: 'keyed' });
    const created = await gql(a.url, `mutation { createApiKey(name: "bot", scopes: [READ, BET]) { ... on ApiKeyCreated { key apiKey { id } } } }`, {}, token);
    const { key, apiKey } = created.data.createApiKey;
    const event = await createLiveEvent(a.url, trader, 'Revoke', 'Key');
    const selection = event.markets[0].selections[0].id;

    const client = socket(b.url, { apiKey: key });
    try {
      const updates = collect(client, BET_UPDATES);
      const odds = collect(client, ODDS, { id: event.id });
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await once(client, PLACE, { s: selection, k: 'before' })).data?.placeBet.__typename, 'BetPlaced');
      await updates.until((m) => m.some((x) => x.data?.betUpdated.kind === 'PLACED'));

      const revoked = await gql(a.url, `mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: apiKey.id }, token);
      assert.ok(revoked.data.revokeApiKey.revokedAt);

      assertCredentialLost(await endedWith(updates, 5000), 'CREDENTIAL_REVOKED');
      const refused = await once(client, PLACE, { s: selection, k: 'after' });
      assertCredentialLost(refused.errors, 'CREDENTIAL_REVOKED');
      assertCredentialLost((await once(client, DEPOSIT, { k: 'after' })).errors, 'CREDENTIAL_REVOKED');
      assertCredentialLost((await once(client, BET_UPDATES)).errors, 'CREDENTIAL_REVOKED');
      const bets = await gql(a.url, `{ viewer { bets { edges { node { id } } } } }`, {}, token);
      assert.equal(bets.data.viewer.bets.edges.length, 1, 'nothing was placed after the revocation');

      // Public data is anyone's: the socket's shared odds subscription carries on.
      await traderSetOdds(a.url, trader, selection, '2.40');
      await odds.until((m) => m.some((x) => x.data?.oddsChanged.markets.some((mk: any) => mk.selections.some((s: any) => s.odds === '2.40'))));
    } finally {
      await client.dispose();
    }
  });

  it('learns of a revocation whose pub/sub message was lost from the table, within seconds', async () => {
    const [a, b] = await pair({ REVOCATION_POLL_MS: '500' });
    const { token } = await signUpBettor(a.url, { prefix: 'lost' });
    const created = await gql(a.url, `mutation { createApiKey(name: "bot", scopes: [BET]) { ... on ApiKeyCreated { key apiKey { id } } } }`, {}, token);
    const { key, apiKey } = created.data.createApiKey;
    const client = socket(b.url, { apiKey: key });
    try {
      const updates = collect(client, BET_UPDATES);
      await new Promise((r) => setTimeout(r, 300));
      // Stored as revokeApiKey stores it, but never published: as if Redis dropped the message.
      await storeRevocation(a.runtime.db, { kind: 'KEY', subject: apiKey.id, expiresAt: new Date(Date.now() + 3_600_000).toISOString() });
      assertCredentialLost(await endedWith(updates, 5000), 'CREDENTIAL_REVOKED');
    } finally {
      await client.dispose();
    }
  });
});

describe('a socket signed in with a token', () => {
  it('stops acting for the account on another instance once the token signs out, and the token stops working over HTTP too', async () => {
    const [a, b] = await pair();
    const trader = await traderToken(a.url);
    const { token } = await signUpBettor(a.url, { prefix: 'leaving' });
    const event = await createLiveEvent(a.url, trader, 'Sign', 'Out');
    const selection = event.markets[0].selections[0].id;
    const client = socket(b.url, { authorization: `Bearer ${token}` });
    try {
      const updates = collect(client, BET_UPDATES);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal((await once(client, PLACE, { s: selection, k: 'in' })).data?.placeBet.__typename, 'BetPlaced');
      await updates.until((m) => m.length >= 1);

      assert.equal((await gql(a.url, `mutation { signOut }`, {}, token)).data.signOut, true);

      assertCredentialLost(await endedWith(updates, 5000), 'CREDENTIAL_REVOKED');
      assertCredentialLost((await once(client, PLACE, { s: selection, k: 'out' })).errors, 'CREDENTIAL_REVOKED');
      for (const url of [a.url, b.url]) {
        assert.equal((await gql(url, `{ viewer { id } }`, {}, token)).data.viewer, null, `signed out on ${url}`);
        const deposit = await gql(url, DEPOSIT, { k: 'out' }, token);
        assert.equal(deposit.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
        assert.equal((deposit.errors?.[0]?.extensions as any)?.reason, 'CREDENTIAL_REVOKED');
      }
      // A new socket with the signed-out token is signed out from the start.
      const late = socket(b.url, { authorization: `Bearer ${token}` });
      assertCredentialLost((await once(late, BET_UPDATES)).errors, 'CREDENTIAL_REVOKED');
      await late.dispose();
    } finally {
      await client.dispose();
    }
  });

  it('ends the viewer’s subscriptions when the token expires, and refuses the next operation', async () => {
    const [a, b] = await pair({ TOKEN_TTL_SECONDS: '4' });
    const trader = await traderToken(a.url);
    // Every token here lives 4 seconds, the trader's too: the event is made at once.
    const event = await createLiveEvent(a.url, trader, 'Short', 'Lived');
    const signedUp = await gql(a.url, `mutation($u: String!) { signUp(username: $u, password: "password123") { ... on AuthPayload { token } } }`, { u: `brief${Date.now() % 100000}` });
    const token = signedUp.data.signUp.token as string;
    const client = socket(b.url, { authorization: `Bearer ${token}` });
    try {
      const updates = collect(client, BET_UPDATES);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(updates.completed, false, 'the subscription runs while the token is valid');
      assertCredentialLost(await endedWith(updates, 10_000), 'CREDENTIAL_EXPIRED');
      assertCredentialLost((await once(client, PLACE, { s: event.markets[0].selections[0].id, k: 'late' })).errors, 'CREDENTIAL_EXPIRED');
    } finally {
      await client.dispose();
    }
  });
});
