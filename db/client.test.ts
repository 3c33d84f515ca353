import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { inArray, sql as q } from 'drizzle-orm';
import { openDatabase } from './client';
import { sports } from './schema';

describe('database start-up', () => {
  let database: TestDatabase;
  after(async () => {
    await database?.drop();
  });

  it('migrates and seeds once when several instances start together against one database', async () => {
    database = await createTestDatabase();
    const opened = await Promise.all([1, 2, 3, 4].map(() => openDatabase({ url: database.url, dataDir: '.data-unused' })));
    await Promise.all(opened.map((d) => d.close()));
    const again = await openDatabase({ url: database.url, dataDir: '.data-unused' });
    await again.close();
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [{ count: migrations }] = await sql`select count(*)::int as count from drizzle.__drizzle_migrations`;
      const sports = await sql`select id from sports order by sort_order`;
      const journal = JSON.parse(readFileSync(new URL('./migrations/meta/_journal.json', import.meta.url), 'utf8'));
      assert.equal(migrations, journal.entries.length);
      assert.deepEqual(sports.map((s) => s.id), ['football', 'tennis', 'basketball']);
    } finally {
      await sql.end();
    }
  });
});

describe('database statements', () => {
  let database: TestDatabase;
  after(async () => {
    await database?.drop();
  });

  it('are prepared once per connection and reused, except ones with long parameter lists', async () => {
    database = await createTestDatabase();
    const opened = await openDatabase({ url: database.url, dataDir: '.data-unused', poolSize: 1 });
    try {
      const { db } = opened;
      const prepared = async () =>
        db.transaction(async (tx) =>
          (await tx.execute(q`select statement from pg_prepared_statements`)) as unknown as Array<{ statement: string }>,
        );
      const before = (await prepared()).length;
      for (let i = 0; i < 3; i++) await db.select({ id: sports.id }).from(sports).where(inArray(sports.id, ['football', 'tennis']));
      const afterShort = await prepared();
      const short = afterShort.filter((s) => s.statement.includes('"sports"') && s.statement.includes('in ($1, $2)'));
      assert.equal(short.length, 1, 'the same statement three times: prepared once');
      const many = Array.from({ length: 100 }, (_, i) => `sport-${i}`);
      assert.deepEqual(await db.select({ id: sports.id }).from(sports).where(inArray(sports.id, many)), []);
      const afterLong = await prepared();
      assert.equal(afterLong.filter((s) => s.statement.includes('$100')).length, 0, 'a 100-parameter statement runs unnamed');
      assert.ok(afterLong.length >= before + 1);
    } finally {
      await opened.close();
    }
  });
});
