/**
 * The web app's live socket (app/_live/live-socket.ts) in Node against the real server as a child
 * process: a server that stops answering (SIGSTOP: the TCP connection stays open, nothing is
 * closed, no offline event) is noticed by the client's ping going unanswered, within 2 s; once the
 * server answers again the socket connects and its subscription runs again.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { createLiveSocket, type LiveSocket } from '../app/_live/live-socket';
import { freePort, ServerProcess } from './support/processes';
import { createLiveEvent, traderToken } from './support/server';
import { createTestDatabase, TEST_REDIS_URL, testEnv, type TestDatabase } from './support/services';

let database: TestDatabase;
let server: ServerProcess;
let socket: LiveSocket | undefined;

before(async () => {
  database = await createTestDatabase();
  const env = testEnv(database.url);
  server = new ServerProcess(await freePort(), {
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: env.REDIS_PREFIX,
    AUTH_SECRET: String(env.AUTH_SECRET),
    TRADER_USERNAME: 'trader',
    TRADER_PASSWORD: 'trader-password',
  });
  await server.start();
});

after(async () => {
  socket?.dispose();
  server.kill('SIGCONT');
  server.kill('SIGKILL');
  await database?.drop();
});

/** Resolves once the socket reports `state`; rejects after `timeoutMs`. */
function reaches(live: LiveSocket, state: string, timeoutMs: number): Promise<number> {
  const startedAt = Date.now();
  return new Promise((resolve, reject) => {
    const check = () => {
      if (live.snapshot().state !== state) return false;
      stop();
      clearTimeout(timer);
      resolve(Date.now() - startedAt);
      return true;
    };
    const stop = live.onChange(() => void check());
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`not ${state} within ${timeoutMs} ms (still ${live.snapshot().state})`));
    }, timeoutMs);
    check();
  });
}

describe('the live socket', { timeout: 60_000 }, () => {
  it('says reconnecting within 2 s of the server going silent, and resubscribes once it answers again', async () => {
    const event = await createLiveEvent(server.url, await traderToken(server.url));
    socket = createLiveSocket({ url: `${server.url.replace(/^http/, 'ws')}/graphql`, webSocketImpl: WebSocket, backoff: { baseMs: 200, capMs: 1000 } });
    const received: string[] = [];
    socket.subscribe(
      { query: 'subscription($id: ID!) { eventUpdated(eventId: $id) { id clock } }', variables: { id: event.id } },
      { next: (result) => received.push(JSON.stringify(result.data)), error: (error) => assert.fail(`subscription failed: ${JSON.stringify(error)}`), complete: () => {} },
    );
    await reaches(socket, 'connected', 10_000);
    assert.equal(socket.snapshot().epoch, 1);

    // Frozen: the TCP connection stays open and nothing is closed, but pings go unanswered.
    server.kill('SIGSTOP');
    const noticedMs = await reaches(socket, 'reconnecting', 2000);
    server.kill('SIGCONT');
    await reaches(socket, 'connected', 15_000);
    assert.ok(socket.snapshot().epoch >= 2, `connected again (epoch ${socket.snapshot().epoch})`);
    console.log(`# reconnecting ${noticedMs} ms after the server went silent`);
  });
});
