import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import type { RunningServer } from '../graphql/start-server';
import { PostgresProcess } from './support/postgres-process';
import { eventually, freePort } from './support/processes';
import { collect, gql, signUpBettor, startTestServer, traderToken, wsClient } from './support/server';

// Issue 14, "recovery in seconds": an instance on a private Postgres cluster (which the tests may
// stop and start) loses every session to pg_terminate_backend, then the whole server to a restart.
// It must serve again by itself, say 503 (readiness, and SERVICE_UNAVAILABLE with Retry-After on
// requests) while it cannot, and never answer an internal error. Recovery times are printed, not
// asserted (the bounded chaos run and `npm run chaos` judge them).

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: any; errors?: Array<{ message: string; extensions?: { code?: string; retryAfterSeconds?: number } }> } | null;
}

let keys = 0;
const PLACE = `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.00" }], stake: "0.10", idempotencyKey: $k, oddsChangePolicy: ANY }) { __typename ... on BetPlaced { bet { id } } ... on UserError { code } } }`;

/** One placement with its HTTP status and Retry-After; null body when the server did not answer JSON. */
async function place(url: string, token: string, selectionId: string): Promise<Answer> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: PLACE, variables: { s: selectionId, k: `recovery-${++keys}` } }),
    signal: AbortSignal.timeout(30_000),
  });
  const body = await response.json().catch(() => null);
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body };
}

const placedId = (answer: Answer): string | null => answer.body?.data?.placeBet?.bet?.id ?? null;

/** Every answer is a placement or the documented outage answer: never a masked internal error or another 5xx. */
function assertTyped(answers: Answer[]): void {
  for (const answer of answers) {
    if (placedId(answer)) continue;
    const codes = (answer.body?.errors ?? []).map((e) => e.extensions?.code);
    assert.ok(!codes.includes('INTERNAL_SERVER_ERROR'), `an internal error reached the client: ${JSON.stringify(answer)}`);
    assert.equal(answer.status, 503, `an answer that is neither a placement nor a 503: ${JSON.stringify(answer)}`);
    assert.deepEqual(codes, ['SERVICE_UNAVAILABLE'], JSON.stringify(answer));
    assert.match(answer.retryAfter ?? '', /^[1-9]\d*$/, 'a 503 carries Retry-After');
    assert.equal(String(answer.body?.errors?.[0].extensions?.retryAfterSeconds), answer.retryAfter);
  }
}

const readiness = async (url: string) => {
  const response = await fetch(`${url}/api/health/ready`, { signal: AbortSignal.timeout(10_000) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as { database: { status: string }; pubsub: { status: string } } };
};

/** Places until a placement succeeds; returns every answer on the way and how long it took. */
async function placeUntilServed(url: string, token: string, selectionId: string, timeoutMs: number): Promise<{ answers: Answer[]; ms: number; betId: string }> {
  const started = Date.now();
  const answers: Answer[] = [];
  while (Date.now() - started < timeoutMs) {
    const answer = await place(url, token, selectionId);
    answers.push(answer);
    const betId = placedId(answer);
    if (betId) return { answers, ms: Date.now() - started, betId };
    await new Promise((r) => setTimeout(r, 100));
  }
  assertTyped(answers);
  throw new Error(`no placement served within ${timeoutMs} ms; last answer ${JSON.stringify(answers.at(-1))}`);
}

/**
 * Opens a fresh `betUpdated` subscription and places bets until one of them is delivered on it
 * (a bet placed before the subscription took effect is not, so it keeps placing, as the chaos
 * probes do). Returns how long that took.
 */
async function deliversAgain(url: string, token: string, selectionId: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  const client = wsClient(url, { token });
  const updates = collect<{ betUpdated: { bet: { id: string } } }>(client, `subscription { betUpdated { bet { id } } }`);
  const placed = new Set<string>();
  const answers: Answer[] = [];
  try {
    while (Date.now() - started < timeoutMs) {
      const answer = await place(url, token, selectionId);
      answers.push(answer);
      const betId = placedId(answer);
      if (betId) placed.add(betId);
      for (let i = 0; i < 10; i += 1) {
        if (updates.messages.some((m) => placed.has(m.data?.betUpdated.bet.id ?? ''))) {
          assertTyped(answers);
          return Date.now() - started;
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    assertTyped(answers);
    throw new Error(`no bet update delivered within ${timeoutMs} ms (${placed.size} bets placed; ${updates.messages.length} messages)`);
  } finally {
    updates.dispose();
    await client.dispose();
  }
}

describe('an instance whose Postgres sessions are terminated, and whose Postgres restarts', () => {
  let pg: PostgresProcess;
  let databaseUrl: string;
  let server: RunningServer;
  let token: string;
  let selectionId: string;
  let admin: postgres.Sql;
  before(async () => {
    pg = new PostgresProcess(await freePort());
    await pg.start();
    databaseUrl = await pg.createDatabase('recovery');
    server = await startTestServer({ databaseUrl, env: { DATABASE_POOL_SIZE: '20', BET_RATE_PER_MINUTE: '100000' } });
    const trader = await traderToken(server.url);
    const created = await gql(
      server.url,
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { markets { selections { id } } } }`,
      { input: { sport: 'Football', home: 'Rh', away: 'Ra', startsAt: new Date(Date.now() + 3_600_000).toISOString(), markets: [{ name: 'Match result', selections: [{ name: 'Home', odds: '2.00' }, { name: 'Away', odds: '2.00' }] }] } },
      trader,
    );
    selectionId = created.data.createEvent.markets[0].selections[0].id;
    token = (await signUpBettor(server.url, { deposit: '100.00', prefix: 'recovery' })).token;
    admin = postgres(pg.adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 2, connection: { application_name: 'recovery-test' } });
  });
  after(async () => {
    await server?.close().catch(() => {});
    await admin?.end({ timeout: 1 }).catch(() => {});
    await pg?.destroy();
  });

  it('after pg_terminate_backend of all its sessions under load, it places bets and delivers updates again without a restart', async () => {
    await placeUntilServed(server.url, token, selectionId, 10_000);
    await deliversAgain(server.url, token, selectionId, 15_000);

    // Load in flight while every session of the instance is ended.
    const load = Array.from({ length: 20 }, () => place(server.url, token, selectionId));
    const [{ ended }] = await admin`
      select count(*) filter (where pg_terminate_backend(pid))::int as ended from pg_stat_activity
      where datname = 'recovery' and backend_type = 'client backend' and application_name <> 'recovery-test'`;
    const terminatedAt = Date.now();
    assert.ok(ended > 0, 'the instance had sessions to terminate');
    const during = await Promise.all(load);
    assertTyped(during);
    const again = await placeUntilServed(server.url, token, selectionId, 30_000);
    const deliveredMs = await deliversAgain(server.url, token, selectionId, 30_000);
    console.log(`# terminated ${ended} sessions; placements served again after ${again.ms} ms, a fresh subscription delivered ${Date.now() - terminatedAt} ms after (${deliveredMs} ms after subscribing)`);
    assertTyped(again.answers);
    // Every connection of the pool works again, not only the first one tried.
    const burst = await Promise.all(Array.from({ length: 16 }, () => place(server.url, token, selectionId)));
    assertTyped(burst);
    assert.equal(burst.filter((a) => placedId(a)).length, burst.length, 'every placement of a burst is served');
    assert.equal((await readiness(server.url)).status, 200);
  });

  it('answers every request in flight while its sessions are terminated again and again, none left hanging', async () => {
    const bettors = await Promise.all(Array.from({ length: 24 }, () => signUpBettor(server.url, { deposit: '100.00', prefix: 'churn' })));
    let stop = false;
    const answers: Answer[] = [];
    const hung: string[] = [];
    const worker = async (bettorToken: string) => {
      while (!stop) {
        try {
          answers.push(await place(server.url, bettorToken, selectionId));
        } catch (error) {
          // place() gives up after 30 s: a request the server never answered.
          hung.push(String(error));
        }
      }
    };
    const workers = bettors.map((b) => worker(b.token));
    let terminated = 0;
    for (let round = 0; round < 10; round += 1) {
      await new Promise((r) => setTimeout(r, 700 + Math.random() * 800));
      const [{ ended }] = await admin`
        select count(*) filter (where pg_terminate_backend(pid))::int as ended from pg_stat_activity
        where datname = 'recovery' and backend_type = 'client backend' and application_name <> 'recovery-test'`;
      terminated += ended;
    }
    await new Promise((r) => setTimeout(r, 2000));
    stop = true;
    await Promise.all(workers);
    const placed = answers.filter((a) => placedId(a)).length;
    console.log(`# ${terminated} sessions terminated in 10 rounds: ${answers.length} answers (${placed} placed, ${answers.length - placed} 503), ${hung.length} never answered`);
    assert.deepEqual(hung, [], 'every request got an answer');
    assertTyped(answers);
    assert.ok(placed > 0);
    await placeUntilServed(server.url, token, selectionId, 10_000);
  });

  it('while Postgres is down readiness answers 503 and requests SERVICE_UNAVAILABLE with Retry-After; after it restarts both recover without a restart', async () => {
    assert.equal((await readiness(server.url)).status, 200);
    await pg.stop('fast');
    const down = await readiness(server.url);
    assert.equal(down.status, 503);
    assert.equal(down.body.database.status, 'down');
    assert.equal(down.body.pubsub.status, 'up');
    assert.match(down.retryAfter ?? '', /^[1-9]\d*$/);
    const refused = await Promise.all(Array.from({ length: 5 }, () => place(server.url, token, selectionId)));
    assertTyped(refused);
    assert.equal(refused.filter((a) => a.status === 503).length, refused.length, 'no placement while the database is down');

    await pg.start();
    const restartedAt = Date.now();
    await eventually(async () => (await readiness(server.url)).status === 200, 30_000, 'readiness 200 after the restart');
    const readyMs = Date.now() - restartedAt;
    const again = await placeUntilServed(server.url, token, selectionId, 30_000);
    const servedMs = Date.now() - restartedAt;
    await deliversAgain(server.url, token, selectionId, 30_000);
    console.log(`# Postgres restarted: ready after ${readyMs} ms, placements served again after ${servedMs} ms, a fresh subscription delivered after ${Date.now() - restartedAt} ms`);
    assertTyped(again.answers);
  });
});
