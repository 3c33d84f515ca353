import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from './client';
import { onCommit, withRetry, type RetryEvent } from './retry';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';

let testDatabase: TestDatabase;
let database: Database;
const retries: RetryEvent[] = [];

before(async () => {
  testDatabase = await createTestDatabase();
  database = await openDatabase({ url: testDatabase.url, dataDir: '.data', poolSize: 4, retry: { onRetry: (event) => retries.push(event) } });
  await database.db.execute(sql`create table retry_probe (id int primary key, n int not null)`);
  await database.db.execute(sql`insert into retry_probe values (1, 0), (2, 0)`);
});

after(async () => {
  await database?.close();
  await testDatabase?.drop();
});

describe('transactions that lose a race', () => {
  it('runs a transaction that Postgres chose as a deadlock victim again, so both sides commit, and its effects happen once', async () => {
    let firstLocked!: () => void;
    let secondLocked!: () => void;
    const firstHolds = new Promise<void>((resolve) => (firstLocked = resolve));
    const secondHolds = new Promise<void>((resolve) => (secondLocked = resolve));
    const effects: string[] = [];
    // Each takes one row, waits until the other holds its row, then asks for the other's: a cycle
    // on the first attempts. A retried attempt goes straight through.
    const crossing = (mine: number, theirs: number, holding: () => void, otherHolds: Promise<void>, name: string) => {
      let attempt = 0;
      return database.db.transaction(async (tx) => {
        attempt += 1;
        await tx.execute(sql`update retry_probe set n = n + 1 where id = ${mine}`);
        if (attempt === 1) {
          holding();
          await otherHolds;
        }
        await tx.execute(sql`update retry_probe set n = n + 1 where id = ${theirs}`);
        onCommit(tx, () => effects.push(name));
        return attempt;
      });
    };
    const attempts = await Promise.all([crossing(1, 2, firstLocked, secondHolds, 'first'), crossing(2, 1, secondLocked, firstHolds, 'second')]);
    assert.deepEqual([...attempts].sort(), [1, 2], 'one side committed at once, the deadlock victim on its second attempt');
    assert.deepEqual([...effects].sort(), ['first', 'second'], 'each effect ran once, after its commit');
    assert.deepEqual(retries.map((r) => [r.code, r.attempt, r.delayMs === null]), [['40P01', 1, false]]);
    const rows = await database.db.execute(sql`select sum(n)::int as total from retry_probe`);
    assert.equal((rows as unknown as Array<{ total: number }>)[0].total, 4, 'both transactions wrote both rows, once');
  });

  it('gives up after the last attempt with the original error, and passes other errors through at once', async () => {
    const seen: RetryEvent[] = [];
    let calls = 0;
    const lost = Object.assign(new Error('could not serialize access'), { code: '40001' });
    await assert.rejects(
      withRetry(async () => {
        calls += 1;
        throw new Error('Failed query', { cause: lost });
      }, { attempts: 3, baseDelayMs: 1, onRetry: (event) => seen.push(event) }),
      /Failed query/,
    );
    assert.equal(calls, 3);
    assert.deepEqual(seen.map((e) => [e.attempt, e.delayMs === null, e.error === lost]), [[1, false, true], [2, false, true], [3, true, true]]);
    let plain = 0;
    await assert.rejects(withRetry(async () => {
      plain += 1;
      throw Object.assign(new Error('duplicate key'), { code: '23505' });
    }), /duplicate key/);
    assert.equal(plain, 1);
  });
});
