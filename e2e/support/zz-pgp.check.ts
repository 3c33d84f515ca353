import { test } from 'node:test';
import assert from 'node:assert/strict';
import postgres from 'postgres';
import { PostgresProcess } from './postgres-process';
import { freePort } from './processes';
test('private postgres starts, stops, restarts', async () => {
  const pg = new PostgresProcess(await freePort());
  await pg.start();
  const url = await pg.createDatabase('x1');
  let c = postgres(url, { max: 1 });
  await c`create table t (a int)`; await c`insert into t values (1)`; await c.end();
  await pg.stop('immediate');
  await pg.start();
  c = postgres(url, { max: 1 });
  const rows = await c`select count(*)::int as n from t`; await c.end();
  assert.equal(rows[0].n, 1);
  await pg.destroy();
});
