import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readFileSync } from 'node:fs';
import postgres from 'postgres';
import { createTestDatabase, type TestDatabase } from '../e2e/support/services';
import { openDatabase } from './client';

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
