// Which element is each page's Largest Contentful Paint, and when does the page's JavaScript run
// relative to it (issue 18's mobile Lighthouse). Lighthouse 12.2's own "LCP element" audit fails in
// Debian's Chromium 156 (its TraceElements gatherer errors), and its simulated (Lantern) LCP counts
// every script that was fetched and evaluated before the observed LCP: so what matters is whether the
// LCP candidate is server-rendered content painted before the bundles evaluate, or something the
// client renders. Production build (`npx next build` first), fresh database, feed off, the same
// fixtures as lighthouse.bench.ts, Lighthouse's mobile viewport (412x823) and BENCH_CPU_SLOWDOWN
// (default 4). Prints per page every LCP entry (time, tag, class, text) and the first script
// evaluation's time.
//
// Run: npx tsx e2e/bench/lcp-element.ts (BENCH_PAGES=event, BENCH_RUNS=1)
import { launchBrowser } from '../support/browser';
import { SESSION_COOKIE } from '../support/browser';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from '../support/server';
import { createTestDatabase } from '../support/services';

const RUNS = Number(process.env.BENCH_RUNS ?? 1);
const PAGES = (process.env.BENCH_PAGES ?? 'lobby,event,ticket,wallet').split(',');
const SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);

/** Installed before any page script: records LCP candidates with a description of their element. */
const OBSERVER = `(() => {
  window.__lcp = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      const el = e.element;
      window.__lcp.push({
        at: Math.round(e.startTime),
        size: e.size,
        tag: el ? el.tagName.toLowerCase() : null,
        className: el && typeof el.className === 'string' ? el.className.slice(0, 80) : null,
        text: el ? (el.textContent || '').trim().slice(0, 60) : null,
        path: (() => { const out = []; for (let n = el; n && n.tagName && out.length < 6; n = n.parentElement) out.push(n.tagName.toLowerCase() + (n.className && typeof n.className === 'string' ? '.' + n.className.split(' ')[0] : '')); return out.join(' < '); })(),
      });
    }
  }).observe({ type: 'largest-contentful-paint', buffered: true });
})();`;

const database = await createTestDatabase();
const server = await startTestServer({ databaseUrl: database.url, next: true, env: { FEED: 'off' } });
const browser = await launchBrowser();
try {
  const trader = await traderToken(server.url);
  const event = await createLiveEvent(server.url, trader, 'Lighthouse Rovers', 'Benchmark City');
  await createLiveEvent(server.url, trader, 'Harbour Athletic', 'Millbrook United');
  const bettor = await signUpBettor(server.url, { deposit: '50.00', prefix: 'lcp' });
  const placed = await gql(
    server.url,
    `mutation($input: PlaceBetInput!) { placeBet(input: $input) { ... on BetPlaced { bet { id } } } }`,
    { input: { legs: [{ selectionId: event.markets[0].selections[0].id, odds: '2.10' }], stake: '5.00', idempotencyKey: 'lcp' } },
    bettor.token,
  );
  const targets: Record<string, { path: string; signedIn: boolean }> = {
    lobby: { path: '/', signedIn: false },
    event: { path: `/events/${event.id}`, signedIn: false },
    ticket: { path: `/bets/${placed.data.placeBet.bet.id}`, signedIn: true },
    wallet: { path: '/wallet', signedIn: true },
  };
  for (let run = 0; run < RUNS; run++) {
    for (const name of PAGES) {
      const context = await browser.newContext({ viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
      if (targets[name].signedIn) await context.addCookies([{ name: SESSION_COOKIE, value: bettor.token, url: server.url }]);
      await context.addInitScript(OBSERVER);
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      if (SLOWDOWN > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOWDOWN });
      await page.goto(`${server.url}${targets[name].path}`);
      await page.waitForTimeout(5000);
      const result = await page.evaluate(() => {
        const w = window as unknown as { __lcp: unknown[] };
        const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime;
        const scripts = performance.getEntriesByType('resource').filter((r) => (r as PerformanceResourceTiming).initiatorType === 'script');
        return { fcp: Math.round(fcp ?? -1), lastScriptLoaded: Math.round(Math.max(...scripts.map((s) => (s as PerformanceResourceTiming).responseEnd))), lcp: w.__lcp };
      });
      console.log(`${name} run ${run + 1}: FCP ${result.fcp} ms, last script loaded ${result.lastScriptLoaded} ms`);
      for (const entry of result.lcp) console.log('  LCP candidate', JSON.stringify(entry));
      await context.close();
    }
  }
} finally {
  await browser.close();
  await server.close();
  await database.drop();
}
