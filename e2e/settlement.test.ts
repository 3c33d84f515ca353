/**
 * Settlement on the bet ticket in real Chromium against a real server (built Next app, Postgres,
 * Redis), with the feed off: the trader API settles and unsettles markets, and the ticket must
 * follow without a reload, including updates made while its socket was down (replayed through
 * `betUpdated(after:)`) and after the server no longer keeps them (CURSOR_EXPIRED). Bets are
 * pre-match, so they are OPEN at once. Needs `npx next build` first.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { Page, WebSocketRoute } from 'playwright-core';
import { prunedThrough, pruneOutbox } from '../lib/live/outbox';
import { screenshot, signInContext, VIEWPORTS } from './support/browser';
import { assertNoOverflow, assertNoPageErrors, markDocument, stillSameDocument, text, useBrowserApp } from './support/browser-app';
import { gql, signUpBettor } from './support/server';

interface CreatedEvent {
  id: string;
  markets: Array<{ id: string; name: string; selections: Array<{ id: string; name: string; odds: string }> }>;
}

let token: string;
let url: string;
const app = useBrowserApp();

/** A fresh page at the viewport (phone unless given). */
const open = (viewport: { width: number; height: number } = VIEWPORTS.phone) => app.open(viewport);

/** An upcoming football match: bets on it are OPEN at once (no in-play delay). */
async function createUpcomingEvent(home: string, away: string): Promise<CreatedEvent> {
  const result = await gql(
    url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id markets { id name selections { id name odds } } } }`,
    {
      input: {
        sport: 'Football',
        home,
        away,
        startsAt: new Date(Date.now() + 2 * 3_600_000).toISOString(),
        live: false,
        markets: [
          { name: 'Match result', selections: [{ name: home, odds: '2.50' }, { name: 'Draw', odds: '3.20' }, { name: away, odds: '2.80' }] },
          { name: 'Total goals over/under 2.5', selections: [{ name: 'Over 2.5', odds: '1.90' }, { name: 'Under 2.5', odds: '1.90' }] },
        ],
      },
    },
    token,
  );
  assert.ok(result.data?.createEvent, JSON.stringify(result));
  return result.data.createEvent as CreatedEvent;
}

/** A bettor made through the API with 100.00 of play money; its token. */
const apiBettor = async () => (await signUpBettor(url, { prefix: 's' })).token;

/** Places a pre-match single of 10.00 through the API; it is OPEN at once. */
async function placeSingle(bettorToken: string, selection: { id: string; odds: string }): Promise<string> {
  const placed = await gql(
    url,
    `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id status } } ... on Rejection { code message } } }`,
    { input: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake: '10.00', idempotencyKey: randomUUID() } },
    bettorToken,
  );
  const bet = placed.data?.placeBet?.bet as { id: string; status: string } | undefined;
  assert.equal(bet?.status, 'OPEN', JSON.stringify(placed));
  return bet.id;
}

type Result = 'WON' | 'LOST' | 'VOID';

/** The trader settles a market with one result per selection, in the order of its selections. */
async function settle(market: CreatedEvent['markets'][number], results: Result[]): Promise<void> {
  assert.equal(results.length, market.selections.length);
  const result = await gql(
    url,
    `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id status } }`,
    { m: market.id, r: market.selections.map((s, i) => ({ selectionId: s.id, result: results[i] })) },
    token,
  );
  assert.equal(result.data?.settleMarket?.status, 'SETTLED', JSON.stringify(result));
}

async function unsettle(marketId: string): Promise<void> {
  const result = await gql(url, `mutation($m: ID!) { unsettleMarket(marketId: $m) { id status } }`, { m: marketId }, token);
  assert.equal(result.data?.unsettleMarket?.status, 'SUSPENDED', JSON.stringify(result));
}

/** Opens the ticket and waits until it follows the bet live. */
async function gotoTicket(page: Page, betId: string): Promise<void> {
  const response = await page.goto(`${url}/bets/${betId}`);
  assert.equal(response?.status(), 200);
  await page.locator(`[data-testid="bet-ticket"][data-bet-id="${betId}"][data-live-ready="true"]`).waitFor();
}

/** The ticket's timeline as [kind, title] pairs. */
async function timeline(page: Page): Promise<Array<[string, string]>> {
  return page.locator('[data-testid="bet-timeline-entry"]').evaluateAll((nodes) =>
    nodes.map((n) => [n.getAttribute('data-kind') ?? '', (n.querySelector('[data-testid="bet-timeline-title"]')?.textContent ?? '').trim()] as [string, string]),
  );
}

async function waitForTimelineKinds(page: Page, kinds: string[]): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const got = (await timeline(page)).map(([kind]) => kind);
    if (JSON.stringify(got) === JSON.stringify(kinds)) return;
    assert.ok(Date.now() < deadline, `timeline kinds ${JSON.stringify(got)}, expected ${JSON.stringify(kinds)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function balance(page: Page, amount: string): Promise<void> {
  await page.locator('[data-testid="header-balance-amount"]', { hasText: amount }).waitFor();
  assert.equal(await text(page, 'header-balance-amount'), amount);
}

/** The bet cursor the tab has stored for resuming (sessionStorage), or null. */
async function storedCursor(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    for (let i = 0; i < sessionStorage.length; i++) {
      const key = sessionStorage.key(i);
      if (key?.startsWith('sportsbook.betCursor.')) return sessionStorage.getItem(key);
    }
    return null;
  });
}

async function waitForStoredCursor(page: Page, predicate: (cursor: string | null) => boolean): Promise<string | null> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const cursor = await storedCursor(page);
    if (predicate(cursor)) return cursor;
    assert.ok(Date.now() < deadline, `stored cursor is ${cursor}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface SocketControl {
  /** Every `betUpdated` subscribe message the page sent, in order, with its `after`. */
  betSubscriptions: Array<{ after: string | null; atMs: number }>;
  /** Closes the page's socket and refuses new ones until `restore`. */
  cut(): Promise<void>;
  restore(): void;
}

/**
 * Routes the page's GraphQL socket through the test: messages pass through both ways, the
 * `betUpdated` subscribe messages are recorded, and the socket can be cut and kept down.
 */
async function controlSocket(page: Page): Promise<SocketControl> {
  const sockets: WebSocketRoute[] = [];
  const betSubscriptions: SocketControl['betSubscriptions'] = [];
  let reachable = true;
  await page.routeWebSocket(/\/graphql$/, (ws) => {
    if (!reachable) {
      void ws.close({ code: 1012, reason: 'test: server restarting' });
      return;
    }
    const toServer = ws.connectToServer();
    ws.onMessage((message) => {
      if (typeof message === 'string') {
        const parsed = JSON.parse(message) as { type?: string; payload?: { query?: string; variables?: { after?: string | null } } };
        if (parsed.type === 'subscribe' && parsed.payload?.query?.includes('betUpdated')) {
          betSubscriptions.push({ after: parsed.payload.variables?.after ?? null, atMs: Date.now() });
        }
      }
      toServer.send(message);
    });
    sockets.push(ws);
  });
  return {
    betSubscriptions,
    async cut() {
      reachable = false;
      await sockets.at(-1)?.close({ code: 1012, reason: 'test: server restarting' });
      await page.locator('[data-testid="connection-status"][data-state="reconnecting"], [data-testid="connection-status"][data-state="connecting"]').waitFor({ state: 'attached' }).catch(() => {});
    },
    restore() {
      reachable = true;
    },
  };
}

describe('settlement on the ticket', { timeout: 240_000 }, () => {
  before(async () => {
    ({ url, trader: token } = app);
  });

  test('a settled bet shows WON, its payout and the new balance at once; unsettling reopens it and the timeline explains the resettlement', async () => {
    const event = await createUpcomingEvent('Ashford Town', 'Bexley Rovers');
    const [matchResult] = event.markets;
    const bettor = await apiBettor();
    const betId = await placeSingle(bettor, matchResult.selections[0]);

    const opened = await open();
    const { page } = opened;
    await signInContext(opened.context, url, bettor);
    await gotoTicket(page, betId);
    await markDocument(page);
    await balance(page, '90.00');
    assert.equal(await page.locator('[data-testid="bet-ticket"]').getAttribute('data-status'), 'OPEN');
    await waitForTimelineKinds(page, ['PLACED']);

    // Settled: the ticket, its leg and the header follow without a reload.
    await settle(matchResult, ['WON', 'LOST', 'LOST']);
    await page.locator('[data-testid="bet-ticket"][data-status="WON"]').waitFor();
    await page.locator('[data-testid="bet-result"][data-result="WON"]').waitFor();
    assert.equal(await text(page, 'bet-result-payout'), '25.00');
    assert.equal(await text(page, 'bet-payout'), '25.00');
    assert.equal(await page.locator('[data-testid="bet-leg"] [data-testid="leg-result"]').getAttribute('data-result'), 'WON');
    assert.equal((await page.locator('[data-testid="bet-status"]').innerText()).trim().toLowerCase(), 'won');
    await balance(page, '115.00');
    const settledToast = page.locator('[data-testid="toast"][data-tag="bet-settled"]');
    await settledToast.waitFor();
    assert.match(await settledToast.innerText(), /Bet won 25\.00/);
    assert.equal(await page.locator('[data-testid="cashout-panel"]').count(), 0, 'a settled bet cannot be cashed out');
    await waitForTimelineKinds(page, ['PLACED', 'SETTLED']);
    assert.deepEqual((await timeline(page))[1], ['SETTLED', 'Settled: won 25.00']);
    await assertNoOverflow(page, 'won ticket');
    await screenshot(page, 'settlement-won-phone');

    // Unsettled: open again, the payout taken back, and the timeline says what happened.
    await unsettle(matchResult.id);
    await page.locator('[data-testid="bet-ticket"][data-status="OPEN"]').waitFor();
    await page.locator('[data-testid="bet-result"][data-result="REOPENED"]').waitFor();
    await balance(page, '90.00');
    assert.equal(await text(page, 'bet-payout'), '0.00');
    assert.equal(await page.locator('[data-testid="leg-result"]').count(), 0, 'the leg is open again');
    // The unsettled market is suspended until it is settled again, so there is no cash out.
    await page.locator('[data-testid="leg-suspended"]').waitFor();
    await page.locator('[data-testid="cashout-panel"][data-state="unavailable"]').waitFor();
    await page.locator('[data-testid="toast"][data-tag="bet-resettled"]').waitFor();
    await waitForTimelineKinds(page, ['PLACED', 'SETTLED', 'RESETTLED']);
    const reopened = await timeline(page);
    assert.deepEqual(reopened[1], ['SETTLED', 'Settled: won 25.00']);
    assert.deepEqual(reopened[2], ['RESETTLED', 'Resettled: result corrected, bet reopened']);
    assert.match(await page.locator('[data-testid="bet-timeline-entry"][data-kind="RESETTLED"]').innerText(), /25\.00 payout was taken back/);
    await page.locator('[data-testid="bet-timeline"][data-resettled="true"] [data-testid="bet-resettled-note"]').waitFor();
    assert.equal(await page.locator('[data-testid="bet-timeline-entry"] time').count(), 3, 'every entry has its time');
    await assertNoOverflow(page, 'reopened ticket');
    await screenshot(page, 'settlement-resettled-phone');

    // Settled again with the corrected result.
    await settle(matchResult, ['LOST', 'WON', 'LOST']);
    await page.locator('[data-testid="bet-ticket"][data-status="LOST"]').waitFor();
    await page.locator('[data-testid="bet-result"][data-result="LOST"]').waitFor();
    assert.equal(await page.locator('[data-testid="leg-result"]').getAttribute('data-result'), 'LOST');
    await waitForTimelineKinds(page, ['PLACED', 'SETTLED', 'RESETTLED', 'SETTLED']);
    assert.deepEqual((await timeline(page))[3], ['SETTLED', 'Settled again: lost']);
    await balance(page, '90.00');
    await screenshot(page, 'settlement-settled-again-phone');

    // A reload renders the same history from the server (the earlier payout is no longer on the
    // bet, so that line says only that it was settled).
    assert.equal(await stillSameDocument(page), true, 'the ticket never reloaded');
    await gotoTicket(page, betId);
    await waitForTimelineKinds(page, ['PLACED', 'SETTLED', 'RESETTLED', 'SETTLED']);
    assert.deepEqual((await timeline(page)).map(([, title]) => title), ['Bet placed', 'Settled', 'Resettled: result corrected, bet reopened', 'Settled again: lost']);
    assertNoPageErrors(opened);
  });

  test('updates made while the socket is down are replayed from the last cursor (betUpdated after:), so the ticket and the toasts catch up', async () => {
    const event = await createUpcomingEvent('Caldwell United', 'Dorning Athletic');
    const [matchResult, totals] = event.markets;
    const bettor = await apiBettor();
    const betId = await placeSingle(bettor, matchResult.selections[0]);

    const opened = await open();
    const { page } = opened;
    await signInContext(opened.context, url, bettor);
    const socket = await controlSocket(page);
    await gotoTicket(page, betId);
    await markDocument(page);

    // A second bet placed elsewhere: its PLACED update gives this tab a cursor to resume from.
    await placeSingle(bettor, totals.selections[0]);
    const cursor = await waitForStoredCursor(page, (c) => c !== null);
    await balance(page, '80.00');
    const subscriptionsBefore = socket.betSubscriptions.length;
    assert.ok(subscriptionsBefore >= 1);

    await socket.cut();
    await page.locator('[data-testid="connection-status"][data-state="reconnecting"]').waitFor();

    // Settled while the tab cannot hear it.
    await settle(matchResult, ['WON', 'LOST', 'LOST']);
    await settle(totals, ['VOID', 'VOID']);
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(await page.locator('[data-testid="bet-ticket"]').getAttribute('data-status'), 'OPEN');
    assert.equal(await page.locator('[data-testid="toast"][data-tag="bet-settled"]').count(), 0);

    socket.restore();
    await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="bet-ticket"][data-status="WON"]').waitFor();
    assert.equal(await text(page, 'bet-result-payout'), '25.00');
    await balance(page, '115.00');

    // The subscription came back from the cursor it had, and the server replayed both
    // settlements (toasts come only from bet updates), each once.
    const resumed = socket.betSubscriptions.slice(subscriptionsBefore);
    assert.ok(resumed.length >= 1, 'the tab subscribed again after reconnecting');
    assert.equal(resumed[0].after, cursor, 'it resumed after the last cursor it had seen');
    const toasts = page.locator('[data-testid="toast"][data-tag="bet-settled"]');
    await toasts.nth(1).waitFor();
    const toastTexts = await toasts.allInnerTexts();
    assert.equal(toastTexts.length, 2, `one toast per settlement: ${JSON.stringify(toastTexts)}`);
    assert.ok(toastTexts.some((t) => /won 25\.00/.test(t)));
    assert.ok(toastTexts.some((t) => /void/i.test(t)));
    const newer = await waitForStoredCursor(page, (c) => c !== null && c !== cursor);
    assert.ok(BigInt(newer!) > BigInt(cursor!), 'the stored cursor moved on');
    await waitForTimelineKinds(page, ['PLACED', 'SETTLED']);
    assert.equal(await stillSameDocument(page), true, 'the ticket never reloaded');
    await screenshot(page, 'settlement-replayed-phone');
    assertNoPageErrors(opened);
  });

  test('a cursor older than the server keeps (CURSOR_EXPIRED) makes the tab read its bets again and subscribe from now', async () => {
    const event = await createUpcomingEvent('Elmstead Park', 'Fenwick Borough');
    const [matchResult, totals] = event.markets;
    const bettor = await apiBettor();
    const betId = await placeSingle(bettor, matchResult.selections[0]);

    const opened = await open();
    const { page } = opened;
    await signInContext(opened.context, url, bettor);
    const socket = await controlSocket(page);
    await gotoTicket(page, betId);
    await markDocument(page);
    await placeSingle(bettor, totals.selections[1]);
    const cursor = await waitForStoredCursor(page, (c) => c !== null);
    const subscriptionsBefore = socket.betSubscriptions.length;

    await socket.cut();
    await page.locator('[data-testid="connection-status"][data-state="reconnecting"]').waitFor();
    await settle(matchResult, ['WON', 'LOST', 'LOST']);
    // The server forgets everything published so far, as if the tab had been away for longer
    // than OUTBOX_RETENTION_MS.
    const deadline = Date.now() + 10_000;
    while ((await prunedThrough(app.server.runtime.db)) <= BigInt(cursor!)) {
      assert.ok(Date.now() < deadline, 'the settlement was published and pruned');
      await pruneOutbox(app.server.runtime.db, 0);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    socket.restore();
    await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="bet-ticket"][data-status="WON"]').waitFor();
    await balance(page, '105.00');

    // It tried to resume, was told the cursor expired, and started again without one.
    const deadlineResubscribe = Date.now() + 10_000;
    while (!socket.betSubscriptions.slice(subscriptionsBefore).some((s) => s.after === null)) {
      assert.ok(Date.now() < deadlineResubscribe, `subscriptions: ${JSON.stringify(socket.betSubscriptions)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const resumed = socket.betSubscriptions.slice(subscriptionsBefore);
    assert.equal(resumed[0].after, cursor);
    assert.equal(resumed.at(-1)!.after, null);

    // The fresh subscription is live: the next update arrives and is remembered again.
    await unsettle(matchResult.id);
    await page.locator('[data-testid="bet-ticket"][data-status="OPEN"]').waitFor();
    await balance(page, '80.00');
    const fresh = await waitForStoredCursor(page, (c) => c !== null && c !== cursor);
    assert.ok(BigInt(fresh!) > BigInt(cursor!));
    await waitForTimelineKinds(page, ['PLACED', 'SETTLED', 'RESETTLED']);
    assert.equal(await stillSameDocument(page), true, 'the ticket never reloaded');
    assertNoPageErrors(opened);
  });
});
