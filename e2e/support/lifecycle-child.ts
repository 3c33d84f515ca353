// One instance's whole lifecycle in a process of its own, for lib/jobs.test.ts: createRuntime,
// startJobs, a feed tick that wrote events, then shutdown. Prints what startJobs started, the order
// the jobs stopped in and every timer and connection made meanwhile that was never closed, then
// ends by itself (it never calls process.exit): the test counts its exit as the proof that nothing
// it started holds the process open.
import { createHook } from 'node:async_hooks';
import postgres from 'postgres';
import { startJobs } from '../../lib/jobs';
import { createRuntime } from '../../lib/runtime';
import { testEnv } from './services';

const WATCHED = new Set(['Timeout', 'TCPWRAP', 'TCPCONNECTWRAP', 'PIPEWRAP']);
const open = new Map<number, string>();
let watching = true;
const hook = createHook({
  init(id, type) {
    if (watching && WATCHED.has(type)) open.set(id, process.env.LIFECYCLE_STACKS ? `${type} ${new Error().stack?.split('\n').slice(2, 12).join(' < ')}` : type);
  },
  destroy(id) {
    open.delete(id);
  },
});

async function main() {
  const databaseUrl = process.argv[2];
  const probe = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  hook.enable();
  const runtime = await createRuntime(testEnv(databaseUrl, { FEED: 'simulated', FEED_TICK_MS: '100' }));
  const jobs = await startJobs(runtime);
  // The feed (the last job) has ticked once it scheduled events.
  const deadline = Date.now() + 60_000;
  while ((await probe`select count(*)::int as n from events`)[0].n === 0) {
    if (Date.now() > deadline) throw new Error('the feed wrote no events within 60 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const stopped = await jobs.stop();
  await runtime.close();
  await probe.end();
  // Destroy hooks of closed handles arrive on the next turns of the loop (this wait's own timer is not watched).
  watching = false;
  await new Promise((resolve) => setTimeout(resolve, 200));
  hook.disable();
  process.stdout.write(`${JSON.stringify({ started: jobs.names, stopped, left: [...open.values()] })}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
