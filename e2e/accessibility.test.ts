/**
 * Every page at a desktop and a phone size, checked with axe-core in real Chromium against a real
 * server (built Next app, Postgres, Redis) with the feed off, and the navigation, headings and
 * lobby details a bettor relies on. Needs `npx next build` first.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { updateEventState } from '../lib/markets/update-event-state';
import { seriousAxeViolations } from './support/axe';
import { BOTH_SIZES } from './support/browser';
import { useBrowserApp } from './support/browser-app';
import { createLiveEvent, gql, signUpBettor, traderSetOdds } from './support/server';

type CreatedEvent = Awaited<ReturnType<typeof createLiveEvent>>;

let token: string;
let url: string;
const app = useBrowserApp({ INPLAY_DELAY_MS: '200' });
let bettor: { token: string; username: string };
let live: CreatedEvent;
let tennis: { id: string };
let upcoming: { id: string };
let betId: string;

/** A fresh page at the viewport, signed in as the suite's bettor or not. */
const open = (viewport: { width: number; height: number }, signedIn: boolean) => app.open(viewport, { token: signedIn ? bettor.token : undefined });

async function createEvent(input: Record<string, unknown>): Promise<{ id: string }> {
  const result = await gql(url, `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`, { input }, token);
  assert.ok(result.data?.createEvent, JSON.stringify(result));
  return result.data.createEvent;
}

/** The pages of the site, each with what shows it is ready (its live island connected and read). */
const PAGES: Array<{ name: string; path: () => string; ready: string; signedIn: boolean }> = [
  { name: 'lobby', path: () => '/', ready: '[data-testid="lobby-live-ready"][data-ready="true"]', signedIn: true },
  { name: 'event', path: () => `/events/${live.id}`, ready: '[data-testid="event-page"][data-live-ready="true"]', signedIn: true },
  { name: 'ticket', path: () => `/bets/${betId}`, ready: '[data-testid="bet-ticket"][data-live-ready="true"]', signedIn: true },
  { name: 'my bets', path: () => '/bets', ready: '[data-testid="bets-live"][data-live-ready="true"]', signedIn: true },
  { name: 'wallet', path: () => '/wallet', ready: '[data-testid="wallet-balance"]', signedIn: true },
  { name: 'developers', path: () => '/developers', ready: 'h1', signedIn: true },
  { name: 'sign-in', path: () => '/sign-in', ready: 'form', signedIn: false },
];

async function goto(page: Page, path: string, ready: string): Promise<void> {
  const response = await page.goto(`${url}${path}`);
  assert.equal(response?.status(), 200);
  await page.locator(ready).first().waitFor({ state: 'attached' });
}

describe('accessibility and the lobby at both sizes', { timeout: 400_000 }, () => {
  before(async () => {
    ({ url, trader: token } = app);
    live = await createLiveEvent(url, token, 'Wolverhampton Wanderers', 'Brighton & Hove Albion');
    tennis = await createEvent({
      sport: 'Tennis',
      home: 'Aryna Sabalenka',
      away: 'Jasmine Paolini',
      startsAt: new Date().toISOString(),
      live: true,
      markets: [{ name: 'Match winner', selections: [{ name: 'Aryna Sabalenka', odds: '1.40' }, { name: 'Jasmine Paolini', odds: '2.90' }] }],
    });
    upcoming = await createEvent({
      sport: 'Football',
      home: 'Later Rovers',
      away: 'Evening Town',
      startsAt: new Date(Date.now() + (2 * 60 + 5) * 60_000).toISOString(),
      markets: [{ name: 'Match result', selections: [{ name: 'Later Rovers', odds: '2.00' }, { name: 'Draw', odds: '3.30' }, { name: 'Evening Town', odds: '3.90' }] }],
    });
    bettor = await signUpBettor(url, { deposit: '50.00', prefix: 'axe' });
    const placed = await gql(
      url,
      `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id } } } }`,
      { input: { legs: [{ selectionId: live.markets[0].selections[0].id, odds: '2.10' }], stake: '5.00', idempotencyKey: 'axe-bet' } },
      bettor.token,
    );
    betId = placed.data.placeBet.bet.id;
  });

  for (const [size, viewport] of Object.entries(BOTH_SIZES)) {
    test(`every page has no critical or serious axe violations (${size})`, async () => {
      const found: string[] = [];
      for (const target of PAGES) {
        const { page } = await open(viewport, target.signedIn);
        await goto(page, target.path(), target.ready);
        for (const v of await seriousAxeViolations(page)) found.push(`${target.name}: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`);
        // The open slip is part of every page once something is picked.
        if (target.name === 'event') {
          await page.locator(`[data-testid="odds-button"][data-selection-id="${live.markets[0].selections[1].id}"]`).click();
          await page.locator('[data-testid="slip-dock"][data-live-ready="true"]').waitFor();
          if ((await page.locator('[data-testid="bet-slip"]').count()) === 0) await page.locator('[data-testid="slip-bar"]').click();
          await page.locator('[data-testid="bet-slip"]').waitFor();
          await page.locator('[data-testid="slip-stake"]').fill('99999999');
          for (const v of await seriousAxeViolations(page)) found.push(`event with slip: ${v.impact} ${v.id} (${v.help}) at ${v.targets.join(' | ')}`);
        }
        await page.close();
      }
      assert.deepEqual(found, []);
    });

    test(`the account button is named and Lobby and My bets are one tap away in the header (${size})`, async () => {
      const { page } = await open(viewport, true);
      await goto(page, '/wallet', '[data-testid="wallet-balance"]');
      const account = page.getByRole('button', { name: `Account: ${bettor.username}`, exact: true });
      assert.equal(await account.isVisible(), true);
      const nav = page.getByRole('navigation', { name: 'Main' });
      for (const name of ['Lobby', 'My bets']) {
        const link = nav.getByRole('link', { name, exact: true });
        assert.equal(await link.isVisible(), true, `${name} shows in the header`);
        const box = await link.boundingBox();
        assert.ok(box && box.x >= 0 && box.x + box.width <= viewport.width && box.height >= 40, `${name} is on screen and tappable: ${JSON.stringify(box)}`);
      }
      await nav.getByRole('link', { name: 'My bets', exact: true }).click();
      await page.waitForURL(`${url}/bets`);
      await nav.getByRole('link', { name: 'Lobby', exact: true }).click();
      await page.waitForURL(`${url}/`);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(width <= viewport.width, `the header fits: ${width} px`);
    });

    test(`odds buttons are named with what they show, arrows and results included, and the event page's headings do not skip a level (${size})`, async () => {
      const event = await createLiveEvent(url, token, `Names ${size} Home`, `Names ${size} Away`);
      const [home] = event.markets[0].selections;
      const { page } = await open(viewport, false);
      await goto(page, `/events/${event.id}`, '[data-testid="event-page"][data-live-ready="true"]');
      await page.getByRole('button', { name: `Names ${size} Home 2.10`, exact: true }).waitFor();
      await traderSetOdds(url, token, home.id, '2.30');
      await page.getByRole('button', { name: `Names ${size} Home ▲ 2.30`, exact: true }).waitFor();
      await traderSetOdds(url, token, home.id, '2.20');
      await page.getByRole('button', { name: `Names ${size} Home ▼ 2.20`, exact: true }).waitFor();

      const levels = await page.locator('main h1, main h2, main h3, main h4, main h5, main h6').evaluateAll((nodes) =>
        nodes.filter((n) => (n as HTMLElement).offsetParent !== null || n.closest('[role="tabpanel"]:not([hidden])')).map((n) => Number(n.tagName[1])),
      );
      assert.equal(levels[0], 1, `the first heading is the h1: ${levels.join(',')}`);
      for (let i = 1; i < levels.length; i++) assert.ok(levels[i] <= levels[i - 1] + 1, `heading levels ${levels.join(',')} skip at ${i}`);

      // Settled, a selection's result is part of its name.
      const settled = await gql(
        url,
        `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { status } }`,
        { m: event.markets[0].id, r: event.markets[0].selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' })) },
        token,
      );
      assert.equal(settled.data?.settleMarket?.status, 'SETTLED', JSON.stringify(settled));
      await page.getByRole('button', { name: /^Names \S+ Home (?:[▲▼] )?2\.20 Won$/ }).waitFor();
      await page.getByRole('button', { name: /^Draw (?:[▲▼] )?3\.20 Lost$/ }).waitFor();
    });

    test(`the event's room tabs show Stats, or a "More" hint that scrolls to it (${size})`, async () => {
      const { page } = await open(viewport, false);
      await goto(page, `/events/${live.id}`, '[data-testid="event-page"][data-live-ready="true"]');
      const stats = await page.locator('[data-testid="room-tab-stats"]').boundingBox();
      assert.ok(stats);
      const inView = stats.x >= 0 && stats.x + stats.width <= viewport.width;
      if (!inView) {
        const hint = page.locator('[data-testid="room-tabs-more"]');
        assert.equal(await hint.isVisible(), true, 'a hint shows while tabs are out of sight');
        assert.match((await hint.textContent()) ?? '', /›/);
        await hint.click();
        await page.waitForFunction(() => {
          const tab = document.querySelector('[data-testid="room-tab-stats"]')!.getBoundingClientRect();
          return tab.right <= window.innerWidth;
        });
        await page.locator('[data-testid="room-tabs-more"]').waitFor({ state: 'detached' });
      } else {
        assert.equal(await page.locator('[data-testid="room-tabs-more"]').count(), 0);
      }
    });

    test(`the lobby heads live rows "In play" and the others "Upcoming", with 1 X 2 and Home/Away columns, whole names and "starts in" (${size})`, async () => {
      const { page } = await open(viewport, false);
      await goto(page, '/', '[data-testid="lobby-live-ready"][data-ready="true"]');
      const football = page.locator('[data-testid="sport-section"][data-sport="Football"]');
      const inPlay = football.locator('[data-testid="row-group"][data-kind="live"]');
      const later = football.locator('[data-testid="row-group"][data-kind="upcoming"]');
      assert.equal((await inPlay.locator('h3').textContent())?.trim(), 'In play');
      assert.equal((await later.locator('h3').textContent())?.trim(), 'Upcoming');
      assert.equal(await inPlay.locator(`[data-testid="event-row"][data-event-id="${live.id}"]`).count(), 1);
      assert.equal(await inPlay.locator('[data-testid="event-row"]:not([data-status="LIVE"])').count(), 0);
      assert.equal(await later.locator(`[data-testid="event-row"][data-event-id="${upcoming.id}"]`).count(), 1);
      assert.equal(((await inPlay.locator('[data-testid="column-heads"]').textContent()) ?? '').replace(/\s+/g, ''), '1X2');
      const tennisHeads = page.locator('[data-testid="sport-section"][data-sport="Tennis"] [data-testid="column-heads"]');
      assert.equal(((await tennisHeads.textContent()) ?? '').replace(/\s+/g, ''), 'HomeAway');
      assert.match((await later.locator('[data-testid="starts-in"]').textContent()) ?? '', /^Starts in (?:2 h(?: \d+ min)?|1 h 5\d min)$/);

      // The heads stand over their prices.
      const heads = await inPlay.locator('[data-testid="column-heads"] span').evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).map((r) => r.x + r.width / 2));
      const prices = await inPlay.locator(`[data-event-id="${live.id}"] [data-testid="odds-button"]`).evaluateAll((nodes) => nodes.map((n) => n.getBoundingClientRect()).map((r) => r.x + r.width / 2));
      heads.forEach((x, i) => assert.ok(Math.abs(x - prices[i]) < 4, `column ${i} head at ${x}, price at ${prices[i]}`));

      if (size === 'desktop') {
        const cut = await page.locator('[data-testid="odds-button"] .odds-name').evaluateAll((nodes) =>
          nodes.filter((n) => n.scrollWidth > n.clientWidth + 1 || n.scrollHeight > n.clientHeight + 1).map((n) => n.textContent),
        );
        assert.deepEqual(cut, [], 'no selection name is cut short on desktop');
      }
    });

    test(`a match that finishes leaves "In play" and its page shows no Live pill (${size})`, async () => {
      const finished = await createLiveEvent(url, token, `Final ${size}`, `Whistle ${size}`);
      const { page } = await open(viewport, false);
      await goto(page, '/', '[data-testid="lobby-live-ready"][data-ready="true"]');
      const row = page.locator(`[data-testid="event-row"][data-event-id="${finished.id}"]`);
      await page.locator(`[data-testid="row-group"][data-kind="live"] [data-event-id="${finished.id}"]`).waitFor();
      await updateEventState(app.server.runtime, finished.id, { status: 'FINISHED' });
      await page.locator(`[data-testid="row-group"][data-kind="ended"] [data-event-id="${finished.id}"][data-status="FINISHED"]`).waitFor();
      assert.equal(await page.locator(`[data-testid="row-group"][data-kind="live"] [data-event-id="${finished.id}"]`).count(), 0);
      assert.equal(await row.locator('.status-live').count(), 0);

      await goto(page, `/events/${finished.id}`, '[data-testid="event-page"]');
      assert.equal(((await page.locator('[data-testid="event-status"]').textContent()) ?? '').trim(), 'Finished');
      assert.equal(await page.locator('[data-testid="event-header"] [data-testid="connection-status"]').count(), 0);
      assert.equal(await page.locator('[data-testid="event-header"] .live-dot').count(), 0);
    });
  }
});
