import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import postgres from 'postgres';
import { openDatabase, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../../e2e/support/services';
import { signUp } from '../auth/accounts';
import { deposit } from './deposit';

// Invariant W5: ledger entries are never updated or deleted; a correction is a new transaction.
// The database itself refuses, whoever connects and whatever the statement.
describe('the ledger is append-only', () => {
  let database: TestDatabase;
  let opened: Database;
  let sql: postgres.Sql;
  let entryIds: string[];

  before(async () => {
    database = await createTestDatabase();
    opened = await openDatabase({ url: database.url, dataDir: '.data-unused' });
    const user = await signUp(opened.db, `ledger_${Date.now() % 1_000_000}`, 'password123');
    assert.ok(user.ok);
    const deposited = await deposit(opened.db, user.value.id, 2500n, 'w5', 500_000n);
    assert.ok(deposited.ok);
    sql = postgres(database.url, { max: 1, onnotice: () => {} });
    entryIds = (await sql<Array<{ id: string }>>`select id::text as id from ledger_entries order by id`).map((row) => row.id);
    assert.equal(entryIds.length, 2, 'a deposit writes two entries');
  });

  after(async () => {
    await sql?.end();
    await opened?.close();
    await database?.drop();
  });

  const entries = () => sql<Array<{ id: string; amount: string }>>`select id::text as id, amount_minor::text as amount from ledger_entries order by id`;

  it('refuses to update an entry, leaving every entry as it was', async () => {
    const before = await entries();
    await assert.rejects(sql`update ledger_entries set amount_minor = amount_minor + 1 where id = ${entryIds[0]}`, /append-only: UPDATE/);
    await assert.rejects(sql`update ledger_entries set amount_minor = -amount_minor`, /append-only: UPDATE/);
    assert.deepEqual(await entries(), before);
  });

  it('refuses to delete an entry, leaving every entry as it was', async () => {
    const before = await entries();
    await assert.rejects(sql`delete from ledger_entries where id = ${entryIds[1]}`, /append-only: DELETE/);
    await assert.rejects(sql`delete from ledger_entries`, /append-only: DELETE/);
    assert.deepEqual(await entries(), before);
  });
});
