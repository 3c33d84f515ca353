import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { loadEnv, type Env } from '../../lib/env';

/** Where the test Postgres and Redis live; CI starts them on these loopback defaults. */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates a fresh, empty database for one test file; drop() removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `sb_test_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(TEST_PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const client = postgres(TEST_PG_ADMIN_URL, { max: 1, onnotice: () => {} });
      await client.unsafe(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

/** A unique Redis channel prefix, so parallel or leftover runs never hear each other. */
export function uniqueRedisPrefix(): string {
  return `sbtest:${randomBytes(6).toString('hex')}:`;
}

// One secret per test process, so instances started by one test file accept each other's tokens.
const TEST_AUTH_SECRET = randomBytes(32).toString('hex');

/** Configuration for a test server on real Postgres and Redis; overrides win. */
export function testEnv(databaseUrl: string, overrides: Record<string, string> = {}): Env {
  return loadEnv({
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: uniqueRedisPrefix(),
    FEED: 'off',
    AUTH_SECRET: TEST_AUTH_SECRET,
    TRADER_USERNAME: 'trader',
    TRADER_PASSWORD: 'trader-password',
    // Test suites make many calls from one address; the limits have tests of their own.
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    ...overrides,
  });
}
