// The floor for placement: a bare node:http server that answers each POST with one TPC-B transaction
// (pgbench's own statements, one round trip each, as pgbench sends them) through postgres.js on a
// pool of the server's size, and the answer the bench's clients count as a placed bet. No GraphQL,
// no auth, no validation, no events: what one Node process and this Postgres can do per request,
// over the same HTTP from the same load process. Needs pgbench's tables (`pgbench -i`).
// argv: port, database url, pool size, branches (TPC-B's branches; 10 tellers each, over 100,000 accounts).
// Prints "listening" when ready.
import { createServer } from 'node:http';
import postgres from 'postgres';

const [port, url, pool, branchCount] = process.argv.slice(2);
const branches = Number(branchCount ?? 1);
const sql = postgres(url, { max: Number(pool), onnotice: () => {} });
const ANSWER = JSON.stringify({ data: { placeBet: { __typename: 'BetPlaced' } } });
// pgbench's TPC-B over 100,000 accounts, `branches` branches and 10 tellers per branch, a delta in -5000..5000.
const random = (from: number, to: number) => from + Math.floor(Math.random() * (to - from + 1));

async function transfer() {
  const aid = random(1, 100_000);
  const bid = random(1, branches);
  const tid = random(1, 10 * branches);
  const delta = random(-5000, 5000);
  await sql.begin(async (tx) => {
    await tx`update pgbench_accounts set abalance = abalance + ${delta} where aid = ${aid}`;
    await tx`select abalance from pgbench_accounts where aid = ${aid}`;
    await tx`update pgbench_tellers set tbalance = tbalance + ${delta} where tid = ${tid}`;
    await tx`update pgbench_branches set bbalance = bbalance + ${delta} where bid = ${bid}`;
    await tx`insert into pgbench_history (tid, bid, aid, delta, mtime) values (${tid}, ${bid}, ${aid}, ${delta}, current_timestamp)`;
  });
}

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    JSON.parse(Buffer.concat(chunks).toString('utf8'));
    transfer().then(
      () => res.writeHead(200, { 'content-type': 'application/json' }).end(ANSWER),
      (error: Error) => res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: error.message }] })),
    );
  });
}).listen(Number(port), '127.0.0.1', () => process.stdout.write('listening\n'));
