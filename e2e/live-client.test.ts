/**
 * The web client's live store in real Chromium against a real server (built Next app, Postgres,
 * Redis), feed off: a dead network shows within 2 s and freezes what acts on live values, missed
 * bet updates arrive exactly once after it, and one odds change reaches every view of a selection
 * from one payload. At desktop (1280x800) and phone (390x844) sizes. Needs `npx next build`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { signInContext } from './support/browser';
import { useBrowserApp } from './support/browser-app';
import { createLiveEvent, gql, signUpBettor, traderSetOdds } from './support/server';

const SIZES = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } } as const;

let trader: string;
let url: string;
const app = useBrowserApp({ INPLAY_DELAY_MS: '0', CASHOUT_OFFER_THROTTLE_MS: '200' });

async function placeOpenSingle(token: string, selection: { id: string; odds: string }, stake = '10.00'): Promise<string> {
  const placed = await gql(url, `mutation($in: PlaceBetInput!) { placeBet(input: $in) { __typename ... on BetPlaced { bet { id } } } }`, {
    in: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake, idempotencyKey: randomUUID() },
  }, token);
  const id = placed.data?.placeBet?.bet?.id as string | undefined;
  assert.ok(id, JSON.stringify(placed));
  for (const deadline = Date.now() + 10_000; ; ) {
    const status = (await gql(url, `query($id: ID!) { bet(id: $id) { status } }`, { id }, token)).data?.bet?.status;
    if (status === 'OPEN') return id;
    assert.ok(Date.now() < deadline, `bet ${id} did not open (${status})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function cashOutHalfByApi(token: string, betId: string): Promise<void> {
  const offer = await gql(url, `mutation($b: ID!) { requestCashout(betId: $b, percent: 50) { __typename ... on CashoutOffer { id } ... on UserError { code } } }`, { b: betId }, token);
  const offerId = offer.data?.requestCashout?.id as string | undefined;
  assert.ok(offerId, JSON.stringify(offer));
  const accepted = await gql(url, `mutation($o: ID!) { acceptCashout(offerId: $o) { __typename } }`, { o: offerId }, token);
  assert.equal(accepted.data?.acceptCashout?.__typename, 'CashoutAccepted', JSON.stringify(accepted));
}

/** A fresh page at the viewport. */
const open = (viewport: { width: number; height: number }) => app.open(viewport);

/** Counts `oddsChanged` payloads the page's sockets receive. */
function countOddsPayloads(page: Page): { readonly count: number } {
  const counter = { count: 0 };
  page.on('websocket', (ws) => {
    ws.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string' && frame.payload.includes('"type":"next"') && frame.payload.includes('"oddsChanged"')) counter.count += 1;
    });
  });
  return counter;
}

const testId = (page: Page, id: string) => page.locator(`[data-testid="${id}"]`);

describe('the live client', { timeout: 300_000 }, () => {
  before(async () => {
    ({ url, trader } = app);
  });

  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`${size}: offline for 8 s on a ticket shows Reconnecting within 2 s with cash out disabled, then applies the missed updates exactly once`, async () => {
      const { token } = await signUpBettor(url, { prefix: `off${size}` });
      const event = await createLiveEvent(url, trader, `Offline ${size} Town`, 'Steady City');
      const home = event.markets[0].selections[0];
      const betId = await placeOpenSingle(token, home);
      const opened = await open(viewport);
      const { page, context } = opened;
      await signInContext(context, url, token);
      await page.goto(`${url}/bets/${betId}`);
      await page.locator(`[data-testid="bet-ticket"][data-live-ready="true"]`).waitFor();
      // 10.00 at 2.10, odds unchanged: 10.00 x 2.10 / 2.10 x 0.95 = 9.50.
      await page.locator('[data-testid="cashout-value"][data-amount="9.50"]').waitFor();
      assert.equal(await testId(page, 'cashout-request').isEnabled(), true);

      const offlineAt = Date.now();
      await context.setOffline(true);
      await page.locator('[data-testid="connection-status"][data-state="reconnecting"]').first().waitFor({ timeout: 2000 });
      const noticedMs = Date.now() - offlineAt;
      assert.equal(await testId(page, 'cashout-request').isDisabled(), true, 'cash out is disabled while reconnecting');
      assert.equal(await testId(page, 'cashout-value').getAttribute('data-stale'), 'true', 'the value is marked stale');

      // While the tab is offline: half the bet is cashed out elsewhere, and the price moves.
      await cashOutHalfByApi(token, betId);
      await traderSetOdds(url, trader, home.id, '1.50');
      await new Promise((r) => setTimeout(r, Math.max(0, 8000 - (Date.now() - offlineAt))));
      assert.equal(await testId(page, 'bet-stake').textContent(), '10.00', 'nothing arrives while offline');
      await context.setOffline(false);

      await page.locator('[data-testid="connection-status"][data-state="connected"]').first().waitFor({ timeout: 15_000 });
      await page.locator('[data-testid="bet-stake"]', { hasText: '5.00' }).waitFor();
      await page.locator('[data-testid="leg-current-odds"]', { hasText: '1.50' }).waitFor();
      await page.locator(`[data-testid="bet-ticket"][data-live-ready="true"]`).waitFor();
      await page.locator('[data-testid="cashout-request"]:not([disabled])').waitFor();

      // Exactly once: the timeline shows what the server has, each update one line.
      const server = (await gql(url, `query($id: ID!) { bet(id: $id) { timeline { kind } } }`, { id: betId }, token)).data.bet.timeline.map((e: { kind: string }) => e.kind);
      await new Promise((r) => setTimeout(r, 500));
      const shown = await page.locator('[data-testid="bet-timeline-entry"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-kind')));
      assert.deepEqual(shown, server);
      assert.equal(shown.filter((kind) => kind === 'PARTIALLY_CASHED_OUT').length, 1);
      const toasts = await page.locator('[data-testid="toast"]').evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
      assert.equal(toasts.filter((t) => t.includes('Cashed out')).length, 1, `one toast for the missed cashout: ${JSON.stringify(toasts)}`);
      assert.deepEqual(opened.errors, [], opened.errors.join('\n'));
      console.log(`# ${size}: reconnecting shown ${noticedMs} ms after going offline`);
    });
  }

  for (const [size, viewport] of Object.entries(SIZES)) {
    test(`${size}: one odds change updates the lobby, the event page, the slip and the ticket, from one payload per tab`, async () => {
      const { token } = await signUpBettor(url, { prefix: `fan${size}` });
      const event = await createLiveEvent(url, trader, `Fanout ${size} United`, 'Everyview');
      const home = event.markets[0].selections[0];
      const betId = await placeOpenSingle(token, home);
      const opened = await open(viewport);
      const { context } = opened;
      await signInContext(context, url, token);

      // The event page first: the pick goes into the slip, which every tab of the context shares.
      const eventPage = opened.page;
      const onEventPage = countOddsPayloads(eventPage);
      await eventPage.goto(`${url}/events/${event.id}`);
      await eventPage.locator('[data-testid="event-page"][data-live-ready="true"]').waitFor();
      await eventPage.locator(`[data-testid="odds-button"][data-selection-id="${home.id}"]`).first().click();
      await eventPage.locator('[data-testid="slip-dock"][data-live-ready="true"]').waitFor();
      // "Ask me": every change, rises too, waits for the bettor (the slip's default takes rises).
      await eventPage.locator('[data-testid="slip-bar"]').click();
      await eventPage.getByLabel('Ask me', { exact: true }).check();
      await eventPage.locator('[data-testid="slip-bar"]').click();
      await eventPage.locator('[data-testid="bet-slip"]').waitFor({ state: 'detached' });

      const lobby = await context.newPage();
      const onLobby = countOddsPayloads(lobby);
      await lobby.goto(`${url}/`);
      await lobby.locator('[data-testid="lobby-live-ready"][data-ready="true"]').waitFor({ state: 'attached' });
      await lobby.locator('[data-testid="slip-dock"][data-live-ready="true"]').waitFor();

      const ticket = await context.newPage();
      const onTicket = countOddsPayloads(ticket);
      // Later, odds messages to the ticket's tab are lost on the way (its socket stays up).
      let dropOdds = false;
      await ticket.routeWebSocket(/\/graphql$/, (ws) => {
        const upstream = ws.connectToServer();
        upstream.onMessage((message) => {
          if (dropOdds && typeof message === 'string' && message.includes('"oddsChanged"')) return;
          ws.send(message);
        });
      });
      await ticket.goto(`${url}/bets/${betId}`);
      await ticket.locator('[data-testid="bet-ticket"][data-live-ready="true"]').waitFor();
      await ticket.locator('[data-testid="slip-dock"][data-live-ready="true"]').waitFor();

      const before = [onEventPage.count, onLobby.count, onTicket.count];
      await traderSetOdds(url, trader, home.id, '2.60');

      const odds = (page: Page) => page.locator(`[data-testid="odds-button"][data-selection-id="${home.id}"]`).first();
      await eventPage.waitForFunction((id) => document.querySelector(`[data-testid="odds-button"][data-selection-id="${id}"]`)?.textContent?.includes('2.60'), home.id);
      await lobby.waitForFunction((id) => document.querySelector(`[data-testid="odds-button"][data-selection-id="${id}"]`)?.textContent?.includes('2.60'), home.id);
      await ticket.locator('[data-testid="leg-current-odds"]', { hasText: '2.60' }).waitFor();
      for (const page of [eventPage, lobby, ticket]) {
        await page.locator('[data-testid="slip-bar"]').click();
        await page.locator(`[data-testid="slip-pick"][data-selection-id="${home.id}"] [data-testid="slip-pick-odds"]`, { hasText: '2.60' }).waitFor();
      }
      assert.match((await odds(eventPage).textContent()) ?? '', /2\.60/);

      // Each tab heard the change once, although two of its views (page and slip) follow it.
      await new Promise((r) => setTimeout(r, 1000));
      assert.deepEqual([onEventPage.count - before[0], onLobby.count - before[1], onTicket.count - before[2]], [1, 1, 1]);

      // One write reaches every view whatever brought it: the price moves again but its message
      // is lost on the way to the ticket's tab; placing from the slip there answers ODDS_CHANGED
      // with the current odds, and that one answer updates the slip and the ticket's leg alike.
      dropOdds = true;
      await traderSetOdds(url, trader, home.id, '2.75');
      await lobby.waitForFunction((id) => document.querySelector(`[data-testid="odds-button"][data-selection-id="${id}"]`)?.textContent?.includes('2.75'), home.id);
      await new Promise((r) => setTimeout(r, 500));
      assert.equal(((await ticket.locator('[data-testid="leg-current-odds"]').textContent()) ?? '').includes('2.60'), true, 'the ticket has not heard of 2.75');
      await ticket.locator('[data-testid="slip-accept-odds"]').click();
      await ticket.locator('[data-testid="slip-stake"]').fill('1');
      await ticket.locator('[data-testid="slip-place"]').click();
      await ticket.locator('[data-testid="slip-odds-change"]', { hasText: '2.60 → 2.75' }).waitFor();
      await ticket.locator('[data-testid="leg-current-odds"]', { hasText: '2.75' }).waitFor();
      dropOdds = false;
      for (const page of [lobby, ticket]) await page.close();
      assert.deepEqual(opened.errors, [], opened.errors.join('\n'));
    });
  }
});
