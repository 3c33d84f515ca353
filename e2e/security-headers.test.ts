/**
 * Security headers on every page and API answer (issue 15, class 8; docs/decisions/0018), and
 * the pages' strict CSP in real Chromium: every page runs with no CSP violation, its nonce is new
 * on every load, and script that reaches the markup without it does not run. Needs `npx next
 * build` first.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, signInContext, type TestPage } from './support/browser';
import { createLiveEvent, gql, signUpBettor, startTestServer, traderToken } from './support/server';
import { createTestDatabase, type TestDatabase } from './support/services';

type Server = Awaited<ReturnType<typeof startTestServer>>;

let database: TestDatabase;
let server: Server;
let browser: Browser;
let bettorToken: string;
let pages: string[];
let betId: string;

const API_CSP = "default-src 'none'; frame-ancestors 'none'";

/** The directive of a policy by name, e.g. `script-src`. */
function directive(csp: string, name: string): string | undefined {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.split(/\s+/)[0] === name);
}

function assertBaseHeaders(headers: Headers, what: string): void {
  assert.equal(headers.get('x-content-type-options'), 'nosniff', what);
  assert.equal(headers.get('x-frame-options'), 'DENY', what);
  assert.equal(headers.get('referrer-policy'), 'strict-origin-when-cross-origin', what);
  assert.equal(headers.get('strict-transport-security'), null, `${what}: HSTS over plain http`);
}

function assertPagePolicy(csp: string | null, what: string): string {
  assert.ok(csp, `${what} has no Content-Security-Policy`);
  const scripts = directive(csp, 'script-src');
  assert.match(scripts ?? '', /^script-src 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'$/, `${what}: ${scripts}`);
  assert.equal(directive(csp, 'frame-ancestors'), "frame-ancestors 'none'", what);
  assert.equal(directive(csp, 'object-src'), "object-src 'none'", what);
  assert.equal(directive(csp, 'base-uri'), "base-uri 'none'", what);
  return /'nonce-([^']+)'/.exec(scripts!)![1];
}

/** Collects CSP violations as the page reports them, from the first script on. */
async function watchViolations(opened: TestPage): Promise<void> {
  await opened.context.addInitScript(() => {
    (window as unknown as { __violations: string[] }).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      (window as unknown as { __violations: string[] }).__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
}

const violations = (opened: TestPage) => opened.page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

describe('security headers', { timeout: 300_000 }, () => {
  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ databaseUrl: database.url, next: true, env: { FEED: 'off', INPLAY_DELAY_MS: '0' } });
    browser = await launchBrowser();
    const trader = await traderToken(server.url);
    const event = await createLiveEvent(server.url, trader);
    const bettor = await signUpBettor(server.url);
    bettorToken = bettor.token;
    const selection = event.markets[0].selections[0];
    const placed = await gql(
      server.url,
      `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id } } } }`,
      { input: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake: '1.00', idempotencyKey: 'security-headers' } },
      bettor.token,
    );
    betId = placed.data.placeBet.bet.id;
    pages = ['/', '/sign-in', '/sign-up', `/events/${event.id}`, '/wallet', '/bets', `/bets/${betId}`, '/developers', '/no-such-page'];
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  it('sends a strict CSP with a nonce and the other headers on every page, signed in or not', async () => {
    for (const signedIn of [false, true]) {
      for (const path of pages) {
        const response = await fetch(`${server.url}${path}`, { headers: signedIn ? { cookie: `sb_session=${bettorToken}` } : {}, redirect: 'manual' });
        const what = `${path} (${signedIn ? 'signed in' : 'signed out'}, ${response.status})`;
        assertBaseHeaders(response.headers, what);
        const nonce = assertPagePolicy(response.headers.get('content-security-policy'), what);
        if (response.status === 200) {
          // Next put the nonce on every script it wrote into the page.
          const html = await response.text();
          const scripts = html.match(/<script\b[^>]*>/g) ?? [];
          assert.ok(scripts.length > 0, `${what} has no scripts`);
          for (const tag of scripts) assert.ok(tag.includes(`nonce="${nonce}"`), `${what}: ${tag} lacks the nonce`);
        }
      }
    }
  });

  it('uses a new nonce on every load of a page', async () => {
    const nonces = new Set<string>();
    for (let i = 0; i < 5; i++) {
      const response = await fetch(`${server.url}/`);
      nonces.add(assertPagePolicy(response.headers.get('content-security-policy'), '/'));
      const html = await response.text();
      assert.ok(html.includes(`nonce="${[...nonces].at(-1)}"`));
    }
    assert.equal(nonces.size, 5);
  });

  it('sends the API headers and a policy that loads nothing on GraphQL, health and metrics answers', async () => {
    const answers = [
      ['POST /graphql', await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })],
      ['bad POST /graphql', await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' })],
      ['GET /api/health', await fetch(`${server.url}/api/health`)],
      ['GET /api/health/live', await fetch(`${server.url}/api/health/live`)],
      ['GET /metrics', await fetch(`${server.url}/metrics`)],
    ] as const;
    for (const [what, response] of answers) {
      assertBaseHeaders(response.headers, what);
      assert.equal(response.headers.get('content-security-policy'), API_CSP, what);
    }
    const graphiql = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    assertBaseHeaders(graphiql.headers, 'GraphiQL');
    assertPagePolicy(graphiql.headers.get('content-security-policy'), 'GraphiQL');
  });

  it('adds HSTS behind an https proxy, to pages and API alike, and not otherwise', async () => {
    for (const path of ['/', '/graphql', '/api/health']) {
      const init: RequestInit & { headers: Record<string, string> } =
        path === '/graphql' ? { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' }, body: JSON.stringify({ query: '{ __typename }' }) } : { headers: { 'x-forwarded-proto': 'https' } };
      const response = await fetch(`${server.url}${path}`, init);
      assert.equal(response.headers.get('strict-transport-security'), 'max-age=63072000; includeSubDomains', path);
      const plain = await fetch(`${server.url}${path}`, { ...init, headers: { ...init.headers, 'x-forwarded-proto': 'http' } });
      assert.equal(plain.headers.get('strict-transport-security'), null, path);
    }
    const page = await fetch(`${server.url}/`, { headers: { 'x-forwarded-proto': 'https' } });
    assert.ok(directive(page.headers.get('content-security-policy')!, 'upgrade-insecure-requests'));
  });

  it('runs every page and GraphiQL in Chromium with no CSP violation, scripts and hydration working', async () => {
    for (const signedIn of [false, true]) {
      const opened = await openPage(browser);
      await watchViolations(opened);
      if (signedIn) await signInContext(opened.context, server.url, bettorToken);
      try {
        for (const path of [...pages, '/graphql']) {
          await opened.page.goto(`${server.url}${path}`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
          if (path === '/graphql') await opened.page.locator('.graphiql-execute-button').waitFor({ timeout: 60_000 });
          // Hydrated: React attached its handlers (Next's scripts ran under the policy).
          else await opened.page.waitForFunction(() => Boolean(document.querySelector('#main')) && Object.keys(document.querySelector('#main')!).some((k) => k.startsWith('__react')), undefined, { timeout: 60_000 });
          await opened.page.waitForLoadState('load', { timeout: 60_000 });
          assert.deepEqual(await violations(opened), [], `${path} (${signedIn ? 'signed in' : 'signed out'}) reported CSP violations`);
        }
        const cspErrors = opened.errors.filter((e) => /Content Security Policy/i.test(e));
        assert.deepEqual(cspErrors, []);
      } finally {
        await opened.close();
      }
    }
  });

  it('does not run script that reaches a page without the nonce', async () => {
    const opened = await openPage(browser);
    await watchViolations(opened);
    try {
      // As if markup from an attacker had made it into the page: the response is the server's own,
      // headers and all, with two scripts added, one without a nonce and one with a guessed nonce.
      await opened.page.route(`${server.url}/`, async (route) => {
        const response = await route.fetch();
        const html = (await response.text()).replace(
          '<body>',
          '<body><script>window.__injected = "inline"</script><script nonce="AAAAAAAAAAAAAAAAAAAAAA==">window.__guessed = "guessed"</script><img src="x" onerror="window.__handler = 1">',
        );
        await route.fulfill({ response, body: html });
      });
      await opened.page.goto(`${server.url}/`);
      await opened.page.waitForLoadState('load', { timeout: 60_000 });
      const ran = await opened.page.evaluate(() => [(window as any).__injected, (window as any).__guessed, (window as any).__handler]);
      assert.deepEqual(ran, [undefined, undefined, undefined]);
      const reported = await violations(opened);
      assert.ok(reported.filter((v) => v.startsWith('script-src')).length >= 3, `violations reported: ${JSON.stringify(reported)}`);
      // The page's own scripts still ran.
      await opened.page.waitForFunction(() => Object.keys(document.querySelector('#main')!).some((k) => k.startsWith('__react')), undefined, { timeout: 60_000 });
    } finally {
      await opened.close();
    }
  });

  it('cannot be framed by another page', async () => {
    const opened = await openPage(browser);
    try {
      await opened.page.route('http://framer.test/', (route) =>
        route.fulfill({ contentType: 'text/html', body: `<iframe id="f" onload="this.dataset.loaded = '1'" src="${server.url}/"></iframe>` }),
      );
      await opened.page.goto('http://framer.test/');
      // The frame's load event fires whether its document was shown or refused.
      await opened.page.waitForFunction(() => document.getElementById('f')?.dataset.loaded === '1', undefined, { timeout: 30_000 });
      const child = opened.page.frames().find((f) => f !== opened.page.mainFrame());
      assert.ok(child, 'no frame');
      const rendered = await child.evaluate(() => Boolean(document.querySelector('#main'))).catch(() => false);
      assert.notEqual(child.url(), `${server.url}/`, 'the frame kept the page as its document');
      assert.equal(rendered, false, 'the page rendered inside a frame');
    } finally {
      await opened.close();
    }
  });
});
