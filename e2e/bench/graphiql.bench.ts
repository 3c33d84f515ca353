// GraphiQL's weight on the server (issue 15, class 8): BENCH_LOADS browsers open GraphiQL at once
// with a cold cache (the page, then every /graphql/assets/ URL it names, as brotli), while the
// bench reads /api/health every 50 ms. Prints the bytes sent, how long the loads took, and the
// health latency during them against before them. The GraphiQL rate limit is raised for the run
// (it is what it measures around). Run: npx tsx e2e/bench/graphiql.bench.ts (BENCH_LOADS=40).
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { freePort, ServerProcess } from '../support/processes';
import { createTestDatabase, TEST_REDIS_URL } from '../support/services';
import { METRICS_TOKEN, runBench, sleep, writeResults } from './load';
import { percentile } from './measure';

const LOADS = Number(process.env.BENCH_LOADS ?? 40);

/** A raw GET: its status and the bytes on the wire (compressed as sent). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; bytes: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, bytes: body.length, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function load(base: string): Promise<number> {
  const browser = { accept: 'text/html', 'accept-encoding': 'gzip, deflate, br' };
  const page = await get(`${base}/graphql`, browser);
  if (page.status !== 200) throw new Error(`GraphiQL answered ${page.status}`);
  const assets = [...new Set([...page.body.toString().matchAll(/\/graphql\/assets\/[^"']+/g)].map((m) => m[0]))];
  const sizes = await Promise.all(assets.map(async (path) => (await get(`${base}${path}`, { 'accept-encoding': 'gzip, deflate, br' })).bytes));
  return page.bytes + sizes.reduce((s, n) => s + n, 0);
}

async function main() {
  const database = await createTestDatabase();
  const server = new ServerProcess(await freePort(), {
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `bench:graphiql:${Date.now()}:`,
    AUTH_SECRET: randomBytes(32).toString('hex'),
    TRADER_PASSWORD: 'trader-password',
    LOG_LEVEL: 'warn',
    METRICS_TOKEN,
    GRAPHIQL_PER_MINUTE: '100000',
  });
  try {
    await server.start(180_000);
    // One load first, as a browser would have made before: the server compresses on first use.
    await load(server.url);
    const health: Array<{ during: boolean; ms: number }> = [];
    let during = false;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const started = performance.now();
        await fetch(`${server.url}/api/health`).then((r) => r.text());
        health.push({ during, ms: performance.now() - started });
        await sleep(50);
      }
    })();
    await sleep(3000);
    during = true;
    const started = performance.now();
    const bytes = await Promise.all(Array.from({ length: LOADS }, () => load(server.url)));
    const seconds = (performance.now() - started) / 1000;
    during = false;
    await sleep(1000);
    sampling = false;
    await sampler;
    const idle = health.filter((h) => !h.during).map((h) => h.ms).sort((a, b) => a - b);
    const busy = health.filter((h) => h.during).map((h) => h.ms).sort((a, b) => a - b);
    const sent = bytes.reduce((s, n) => s + n, 0);
    console.log(`\nGraphiQL: ${LOADS} cold loads at once: ${(sent / 1048576).toFixed(1)} MiB sent (${(sent / LOADS / 1048576).toFixed(2)} MiB each), all done in ${seconds.toFixed(1)} s`);
    console.log(`/api/health latency: before the loads p50 ${percentile(idle, 50).toFixed(0)} ms, max ${idle.at(-1)?.toFixed(0)} ms; during them p50 ${percentile(busy, 50).toFixed(0)} ms, max ${busy.at(-1)?.toFixed(0)} ms (${busy.length} readings)`);
    writeResults('graphiql', { loads: LOADS, bytes: sent, seconds, healthIdle: idle, healthDuring: busy });
  } finally {
    server.kill();
    await database.drop();
  }
}

runBench(main);
