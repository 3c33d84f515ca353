import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, describe, it } from 'node:test';
import { createTestDatabase } from '../e2e/support/services';
import { startTestServer } from '../e2e/support/server';
import { eventually, freePort, RedisProcess } from '../e2e/support/processes';

async function health(url: string) {
  const response = await fetch(`${url}/api/health`);
  return { status: response.status, body: await response.json() };
}

describe('health', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  it('answers 503 naming pub/sub when Redis goes down, and 200 again when it is back', async () => {
    const redis = new RedisProcess(await freePort());
    await redis.start();
    cleanups.push(() => redis.kill());
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const server = await startTestServer({ databaseUrl: database.url, env: { REDIS_URL: redis.url } });
    cleanups.push(() => server.close());

    assert.equal((await health(server.url)).status, 200);
    redis.kill();
    await eventually(async () => (await health(server.url)).status === 503);
    const down = await health(server.url);
    assert.equal(down.body.pubsub.status, 'down');
    assert.equal(down.body.database.status, 'up');

    await redis.start();
    await eventually(async () => (await health(server.url)).status === 200, 20_000);
  });

  it('answers 503 naming the database when it is gone', async () => {
    const database = await createTestDatabase();
    const server = await startTestServer({ databaseUrl: database.url });
    cleanups.push(() => server.close());
    assert.equal((await health(server.url)).status, 200);
    await database.drop();
    await eventually(async () => (await health(server.url)).status === 503);
    const down = await health(server.url);
    assert.equal(down.body.database.status, 'down');
    assert.equal(down.body.pubsub.status, 'up');
  });
});

describe('server entry', () => {
  it('refuses to start on invalid configuration, naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'graphql/server.ts'], {
      env: { ...process.env, PORT: 'eighty', FEED: 'sometimes', DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    assert.equal(result.status, 1);
    // Logged by pino as JSON on stdout, like every other log line.
    assert.match(result.stdout, /PORT must be a whole number/);
    assert.match(result.stdout, /FEED/);
    assert.equal(JSON.parse(result.stdout.trim().split('\n').at(-1)!).level, 60);
  });
});
