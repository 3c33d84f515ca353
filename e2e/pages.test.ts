/**
 * The web pages in real Chromium against a real server (built Next app, Postgres, Redis), with
 * the feed off: every event and every change comes from the trader API or the market services,
 * so each test knows exactly what the page should show. Needs `npx next build` first.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { Page, WebSocketRoute } from 'playwright-core';
import { updateEventState } from '../lib/markets/update-event-state';
import { screenshot, scrollWidth, VIEWPORTS } from './support/browser';
import { assertNoPageErrors, gotoEventPage, markDocument, oddsButton, stillSameDocument, useBrowserApp } from './support/browser-app';
import { createLiveEvent, gql, traderSetOdds, traderSetMarketStatus } from './support/server';

type CreatedEvent = Awaited<ReturnType<typeof createLiveEvent>>;

let token: string;
let url: string;
const app = useBrowserApp();

const setOdds = (selectionId: string, odds: string) => traderSetOdds(url, token, selectionId, odds);

const setMarketStatus = (marketId: string, status: 'OPEN' | 'SUSPENDED') => traderSetMarketStatus(url, token, marketId, status);

async function createEvent(input: {
  sport: string;
  home: string;
  away: string;
  live: boolean;
  startsAt?: string;
  markets: Array<{ name: string; selections: Array<{ name: string; odds: string }> }>;
}): Promise<CreatedEvent> {
  const result = await gql(
    url,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id name status markets { id name status selections { id name odds } } } }`,
    { input: { startsAt: new Date().toISOString(), ...input } },
    token,
  );
  assert.ok(result.data?.createEvent, JSON.stringify(result));
  return result.data.createEvent as CreatedEvent;
}

/** A fresh page at the viewport (desktop unless given). */
const open = (viewport: { width: number; height: number } = VIEWPORTS.desktop) => app.open(viewport);

async function gotoLobby(page: Page): Promise<void> {
  const response = await page.goto(`${url}/`);
  assert.equal(response?.status(), 200);
  await page.locator('[data-testid="lobby-live-ready"][data-ready="true"]').waitFor({ state: 'attached' });
}

/** An odds button's text, which is its accessible name: name, ▲/▼ while flashing, price, result. */
async function oddsText(page: Page, selectionId: string): Promise<string> {
  return ((await oddsButton(page, selectionId).textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

describe('web pages', { timeout: 180_000 }, () => {
  let football: CreatedEvent;
  let longNames: CreatedEvent;
  let tennis: CreatedEvent;
  let upcoming: CreatedEvent;

  before(async () => {
    ({ url, trader: token } = app);

    football = await createLiveEvent(url, token, 'Northbridge', 'Eastvale');
    longNames = await createLiveEvent(url, token, 'Borussia Mönchengladbach Amateure', 'Wolverhampton Wanderers Reserves');
    tennis = await createEvent({
      sport: 'Tennis',
      home: 'A. Moreno',
      away: 'K. Lindqvist',
      live: true,
      markets: [{ name: 'Match winner', selections: [{ name: 'A. Moreno', odds: '1.65' }, { name: 'K. Lindqvist', odds: '2.25' }] }],
    });
    upcoming = await createEvent({
      sport: 'Basketball',
      home: 'Harbour City Hawks',
      away: 'Ridgeway Rockets',
      live: false,
      startsAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
      markets: [{ name: 'Match winner', selections: [{ name: 'Hawks', odds: '1.80' }, { name: 'Rockets', odds: '2.00' }] }],
    });
  });

  test('the lobby lists live events by sport with scores, clocks and main-market odds', async () => {
    const opened = await open();
    const { page } = opened;
    await gotoLobby(page);

    const sports = await page.locator('[data-testid="sport-section"]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-sport')));
    assert.deepEqual(sports, ['Football', 'Tennis', 'Basketball']);

    const row = page.locator(`[data-testid="event-row"][data-event-id="${football.id}"]`);
    assert.equal(await row.getAttribute('data-status'), 'LIVE');
    assert.match(await row.innerText(), /Northbridge[\s\S]*0[\s\S]*Eastvale[\s\S]*0/);
    const [home, draw, away] = football.markets[0].selections;
    assert.equal(await oddsText(page, home.id), 'Northbridge 2.10');
    assert.equal(await oddsText(page, draw.id), 'Draw 3.20');
    assert.equal(await oddsText(page, away.id), 'Eastvale 3.60');
    // Only the main market is shown in the lobby.
    assert.equal(await oddsButton(page, football.markets[1].selections[0].id).count(), 0);

    const tennisRow = page.locator(`[data-testid="sport-section"][data-sport="Tennis"] [data-event-id="${tennis.id}"]`);
    assert.equal(await tennisRow.getAttribute('data-status'), 'LIVE');

    const upcomingRow = page.locator(`[data-testid="event-row"][data-event-id="${upcoming.id}"]`);
    assert.equal(await upcomingRow.getAttribute('data-status'), 'UPCOMING');
    assert.ok(await upcomingRow.locator('time').count(), 'an upcoming row shows its start time');

    await row.locator('a').click();
    await page.waitForURL(`${url}/events/${football.id}`);
    await page.locator('[data-testid="event-page"]').waitFor();
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('a live lobby row updates its odds, score and suspension without a reload', async () => {
    const event = await createLiveEvent(url, token, 'Lobby Town', 'Update United');
    const opened = await open();
    const { page } = opened;
    await gotoLobby(page);
    await markDocument(page);

    const [home] = event.markets[0].selections;
    await setOdds(home.id, '2.40');
    await page.locator(`[data-selection-id="${home.id}"][data-trend="up"]`).waitFor();
    await page.getByRole('button', { name: 'Lobby Town ▲ 2.40', exact: true }).waitFor();

    await updateEventState(app.server.runtime, event.id, { scoreHome: 1, scoreAway: 0, clock: "12'" });
    const row = page.locator(`[data-testid="event-row"][data-event-id="${event.id}"]`);
    await row.locator('[data-testid="score-home"]', { hasText: '1' }).waitFor();
    await row.locator('[data-testid="clock"]', { hasText: "12'" }).waitFor();

    await setMarketStatus(event.markets[0].id, 'SUSPENDED');
    await row.locator('[data-testid="market-status"]', { hasText: 'Suspended' }).waitFor();
    assert.equal(await oddsButton(page, home.id).isDisabled(), true);

    assert.equal(await stillSameDocument(page), true, 'the page did not reload');
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('the event page shows every market with score, clock and status', async () => {
    const opened = await open();
    const { page } = opened;
    await gotoEventPage(page, url, football.id);

    assert.equal(await page.locator('[data-testid="market"]').count(), 2);
    assert.equal((await page.locator('[data-testid="event-status"]').innerText()).trim().toLowerCase(), 'live');
    assert.equal((await page.locator('[data-testid="score"]').innerText()).replace(/\s/g, ''), '0–0');
    assert.equal(await page.locator('[data-testid="connection-status"]').getAttribute('data-state'), 'connected');
    assert.equal(await page.title(), 'Northbridge v Eastvale · Sportsbook');
    // Presence comes from the re-sync after connecting: this page is in the room.
    assert.match(await page.locator('[data-testid="participants"]').innerText(), /^\d+ watching$/);

    // Selections are real buttons, labelled with name and price, and big enough to tap.
    const button = page.getByRole('button', { name: 'Over 2.5 1.90' });
    const box = await button.boundingBox();
    assert.ok(box && box.height >= 44, `odds buttons are at least 44 px tall (got ${box?.height})`);
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('an odds change made through the trader API appears on the event page without a reload and flashes', async () => {
    const event = await createLiveEvent(url, token, 'Flash Rovers', 'Trend Athletic');
    const opened = await open();
    const { page } = opened;
    await gotoEventPage(page, url, event.id);
    await markDocument(page);

    const [home] = event.markets[0].selections;
    await setOdds(home.id, '2.55');
    await page.locator(`[data-selection-id="${home.id}"][data-trend="up"]`).waitFor();
    assert.equal(await oddsText(page, home.id), 'Flash Rovers ▲2.55');
    // The highlight is brief.
    await page.locator(`[data-selection-id="${home.id}"]:not([data-trend])`).waitFor({ timeout: 5_000 });

    await setOdds(home.id, '1.95');
    await page.locator(`[data-selection-id="${home.id}"][data-trend="down"]`).waitFor();
    assert.equal(await oddsText(page, home.id), 'Flash Rovers ▼1.95');

    assert.equal(await stillSameDocument(page), true, 'the page did not reload');
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('a suspended market shows as suspended with disabled prices, and reopens', async () => {
    const event = await createLiveEvent(url, token, 'Suspense FC', 'Lockdown Town');
    const opened = await open();
    const { page } = opened;
    await gotoEventPage(page, url, event.id);

    const [matchResult, totals] = event.markets;
    const market = page.locator(`[data-testid="market"][data-market-id="${matchResult.id}"]`);
    await setMarketStatus(matchResult.id, 'SUSPENDED');
    await market.locator('[data-testid="market-status"]', { hasText: 'Suspended' }).waitFor();
    assert.equal(await market.getAttribute('data-status'), 'SUSPENDED');
    for (const selection of matchResult.selections) assert.equal(await oddsButton(page, selection.id).isDisabled(), true);
    // Other markets stay open.
    assert.equal(await oddsButton(page, totals.selections[0].id).isDisabled(), false);

    await setMarketStatus(matchResult.id, 'OPEN');
    await page.locator(`[data-testid="market"][data-market-id="${matchResult.id}"][data-status="OPEN"]`).waitFor();
    assert.equal(await market.locator('[data-testid="market-status"]').count(), 0);
    assert.equal(await oddsButton(page, matchResult.selections[0].id).isDisabled(), false);
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('score, clock and status follow the event live, and a finished event shows its result', async () => {
    const event = await createLiveEvent(url, token, 'Score City', 'Clockwork Albion');
    const opened = await open();
    const { page } = opened;
    await gotoEventPage(page, url, event.id);

    await updateEventState(app.server.runtime, event.id, { scoreHome: 2, scoreAway: 1, clock: "67'" });
    await page.locator('[data-testid="clock"]', { hasText: "67'" }).waitFor();
    assert.equal((await page.locator('[data-testid="score"]').innerText()).replace(/\s/g, ''), '2–1');

    await updateEventState(app.server.runtime, event.id, { status: 'FINISHED', clock: 'FT' });
    await page.locator('[data-testid="event-status"]', { hasText: 'Finished' }).waitFor();
    assert.equal(await page.locator('[data-testid="event-result"]').innerText(), 'Score City won 2–1');
    assert.equal(await oddsButton(page, event.markets[0].selections[0].id).isDisabled(), true);
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('after the socket drops the page shows Reconnecting…, reconnects and catches up on missed changes', async () => {
    const event = await createLiveEvent(url, token, 'Dropout Wanderers', 'Backoff Borough');
    const opened = await open();
    const { page } = opened;
    let serverReachable = true;
    const sockets: WebSocketRoute[] = [];
    // Every socket goes through this route, so the test can cut it and refuse new ones for a while.
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      if (!serverReachable) {
        void ws.close({ code: 1012, reason: 'test: server restarting' });
        return;
      }
      ws.connectToServer();
      sockets.push(ws);
    });
    await gotoEventPage(page, url, event.id);
    await markDocument(page);
    const status = page.locator('[data-testid="connection-status"]');
    assert.equal(await status.getAttribute('data-state'), 'connected');
    assert.equal((await status.innerText()).trim(), 'Live');

    serverReachable = false;
    await sockets.at(-1)!.close({ code: 1012, reason: 'test: server restarting' });
    await page.locator('[data-testid="connection-status"][data-state="reconnecting"]').waitFor();
    assert.equal((await status.innerText()).trim(), 'Reconnecting…');

    // Changed while the page cannot hear it: only the re-sync after reconnecting can show it.
    const [home] = event.markets[0].selections;
    await setOdds(home.id, '4.20');
    await setMarketStatus(event.markets[1].id, 'SUSPENDED');
    await new Promise((resolve) => setTimeout(resolve, 800));
    assert.equal(await oddsText(page, home.id), 'Dropout Wanderers 2.10');

    serverReachable = true;
    await page.locator('[data-testid="connection-status"][data-state="connected"]').waitFor({ timeout: 20_000 });
    await page.getByRole('button', { name: /^Dropout Wanderers (?:[▲▼] )?4\.20$/ }).waitFor();
    await page.locator(`[data-testid="market"][data-market-id="${event.markets[1].id}"][data-status="SUSPENDED"]`).waitFor();

    // And the restarted subscriptions deliver new changes again.
    await setOdds(home.id, '3.80');
    await page.getByRole('button', { name: 'Dropout Wanderers ▼ 3.80', exact: true }).waitFor();
    assert.ok(sockets.length >= 2, 'a new socket was opened');
    assert.equal(await stillSameDocument(page), true, 'the page did not reload');
  });

  test('an unknown event id shows the 404 page', async () => {
    const opened = await open();
    const { page } = opened;
    for (const path of [`/events/${randomUUID()}`, '/events/not-an-id', '/no/such/page']) {
      const response = await page.goto(`${url}${path}`);
      assert.equal(response?.status(), 404, `${path} answers 404`);
      await page.locator('[data-testid="not-found"]').waitFor();
      assert.match(await page.locator('[data-testid="not-found"] h1').innerText(), /not found/i);
    }
  });

  test('pages fit desktop and 375 px phone screens without horizontal overflow (screenshots in e2e/artifacts)', async () => {
    // One suspended market, so the screenshots show that state too.
    await setMarketStatus(longNames.markets[1].id, 'SUSPENDED');
    const pages = [
      { name: 'lobby', path: '/' },
      { name: 'event', path: `/events/${longNames.id}` },
      { name: 'not-found', path: `/events/${randomUUID()}` },
    ];
    for (const [size, viewport] of Object.entries(VIEWPORTS)) {
      const opened = await open(viewport);
      const { page } = opened;
      for (const { name, path } of pages) {
        await page.goto(`${url}${path}`);
        await page.locator('[data-testid="lobby"], [data-testid="event-page"], [data-testid="not-found"]').first().waitFor();
        if (name === 'lobby') await page.locator('[data-testid="lobby-live-ready"][data-ready="true"]').waitFor({ state: 'attached' });
        if (name === 'event') await page.locator('[data-testid="event-page"][data-live-ready="true"]').waitFor();
        const file = await screenshot(page, `${name}-${size}`);
        const width = await scrollWidth(page);
        assert.ok(width <= viewport.width, `${name} at ${size} is ${width} px wide, more than ${viewport.width} px (${file})`);
      }
      assertNoPageErrors(opened, { notFoundPages: true });
    }
  });
});
