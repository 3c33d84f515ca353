// What keeps the event page's main thread busy (issue 18: 380-480 ms, long tasks up to 274 ms): the
// production build (`npx next build` first) on a fresh database with the feed off and one live
// football event with some room activity, loaded BENCH_RUNS times in Debian's Chromium at 1280x800
// (optionally with BENCH_CPU_SLOWDOWN=4, Lighthouse's mobile throttling). For the first 5 s after
// navigation it records every long task (PerformanceObserver, buffered) and every React commit with
// the components that rendered in it (through the DevTools global hook React calls on each
// commit), and prints per run: long tasks, their total, and the commits that cost most. Because
// wall-clock long tasks swing with other processes on a shared machine, it also traces the renderer
// and sums the main thread's CPU time (trace `tdur`) per task: the busy time and the longest task
// in CPU milliseconds, which hold still when the machine is loaded.
//
// Run: npx tsx e2e/bench/event-main-thread.ts (BENCH_RUNS=3, BENCH_CPU_SLOWDOWN=1)
import { launchBrowser, VIEWPORTS } from '../support/browser';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../support/server';
import { createTestDatabase } from '../support/services';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 1);

/** Installed before any page script: counts React commits and the fibers each one rendered. */
const HOOK = `(() => {
  const commits = [];
  window.__commits = commits;
  new PerformanceObserver((list) => { for (const e of list.getEntries()) (window.__longTasks ||= []).push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });
  window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
    supportsFiber: true, renderers: new Map(), inject(r) { this.renderers.set(1, r); return 1; },
    onScheduleFiberRoot() {}, onPostCommitFiberRoot() {}, onCommitFiberUnmount() {}, checkDCE() {},
    onCommitFiberRoot(_id, root) {
      const names = {};
      let rendered = 0;
      const walk = (fiber) => {
        for (let f = fiber; f; f = f.sibling) {
          const t = f.type;
          const name = t && (t.displayName || t.name || (t.type && (t.type.displayName || t.type.name)));
          if (f.alternate === null || f.memoizedProps !== (f.alternate && f.alternate.memoizedProps) || f.memoizedState !== (f.alternate && f.alternate.memoizedState)) {
            if (name && typeof t !== 'string') { names[name] = (names[name] || 0) + 1; rendered++; }
            if (f.child) walk(f.child);
          } else if (f.child && (f.subtreeFlags || f.childLanes)) walk(f.child);
        }
      };
      walk(root.current.child);
      commits.push({ at: Math.round(performance.now()), rendered, top: Object.entries(names).sort((a, b) => b[1] - a[1]).slice(0, 6) });
    },
  };
})();`;

const database = await createTestDatabase();
const server = await startTestServer({ databaseUrl: database.url, next: true, env: { FEED: 'off' } });
const browser = await launchBrowser();
try {
  const trader = await traderToken(server.url);
  const event = await createLiveEvent(server.url, trader, 'Thread Rovers', 'Busy City');
  const bettor = await signUpBettor(server.url, { deposit: '100.00', prefix: 'mt' });
  for (let i = 0; i < 10; i++) {
    await gql(server.url, `mutation($e: ID!, $t: String!) { sendChatMessage(eventId: $e, text: $t) { __typename } }`, { e: event.id, t: `message ${i}` }, bettor.token);
    await gql(
      server.url,
      `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename } }`,
      { input: { legs: [{ selectionId: event.markets[0].selections[i % 3].id, odds: event.markets[0].selections[i % 3].odds }], stake: '1.00', idempotencyKey: `mt-${i}`, oddsChangePolicy: 'ANY' } },
      bettor.token,
    );
  }
  for (let run = 0; run < RUNS; run++) {
    const context = await browser.newContext({ viewport: VIEWPORTS.desktop });
    await context.addInitScript(HOOK);
    const page = await context.newPage();
    if (SLOWDOWN > 1) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
    }
    await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline'] });
    await page.goto(`${server.url}/events/${event.id}`);
    await page.waitForTimeout(5000);
    const trace = JSON.parse((await browser.stopTracing()).toString('utf8')) as { traceEvents: Array<{ name: string; ph: string; pid: number; tid: number; tdur?: number; dur?: number; args?: { name?: string } }> };
    const mainThreads = new Set(trace.traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const tasks = trace.traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && mainThreads.has(`${e.pid}:${e.tid}`));
    const cpuMs = tasks.map((e) => (e.tdur ?? 0) / 1000);
    const busyCpuMs = Math.round(cpuMs.reduce((a, b) => a + b, 0));
    const longCpu = cpuMs.filter((ms) => ms > 50);
    // CPU per kind of work directly under a task (script evaluation, parsing, style, layout, GC...).
    const byName = new Map<string, number>();
    for (const e of trace.traceEvents) {
      if (e.ph !== 'X' || e.name === 'RunTask' || !mainThreads.has(`${e.pid}:${e.tid}`) || !['EvaluateScript', 'FunctionCall', 'ParseHTML', 'UpdateLayoutTree', 'Layout', 'Paint', 'MajorGC', 'MinorGC', 'v8.compile', 'TimerFire', 'EventDispatch', 'ParseAuthorStyleSheet', 'PrePaint', 'Commit', 'HitTest'].includes(e.name)) continue;
      byName.set(e.name, (byName.get(e.name) ?? 0) + (e.tdur ?? 0) / 1000);
    }
    const { longTasks, commits } = await page.evaluate(() => ({
      longTasks: ((window as unknown as { __longTasks?: number[][] }).__longTasks ?? []) as number[][],
      commits: (window as unknown as { __commits: Array<{ at: number; rendered: number; top: Array<[string, number]> }> }).__commits,
    }));
    const total = longTasks.reduce((sum, [, d]) => sum + d, 0);
    console.log(`run ${run + 1} cpu: main thread ${busyCpuMs} CPU ms in ${tasks.length} tasks; over 50 CPU ms: ${longCpu.length}, longest ${Math.round(Math.max(0, ...cpuMs))} CPU ms; by kind ${JSON.stringify([...byName].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([n, ms]) => [n, Math.round(ms)]))}`);
    console.log(`run ${run + 1}: ${longTasks.length} long tasks, ${total} ms in all, longest ${Math.max(0, ...longTasks.map(([, d]) => d))} ms: ${JSON.stringify(longTasks)}`);
    console.log(`  ${commits.length} React commits; the largest: ${JSON.stringify([...commits].sort((a, b) => b.rendered - a.rendered).slice(0, 6))}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
  await database.drop();
}
