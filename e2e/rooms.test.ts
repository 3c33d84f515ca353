/**
 * Live event rooms in real Chromium against a real server (built Next app, Postgres, Redis), with
 * the feed off: two signed-in people share one room on 375 px phones and see each other arrive,
 * chat, bet and settle a head-to-head challenge without reloading. Needs `npx next build` first.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { maskUsername } from '../lib/rooms/activity';
import { screenshot, VIEWPORTS } from './support/browser';
import { assertNoOverflow, assertNoPageErrors, assertTall, textOf, useBrowserApp } from './support/browser-app';
import { createLiveEvent, gql, signUpBettor, traderSetOdds } from './support/server';

type CreatedEvent = Awaited<ReturnType<typeof createLiveEvent>>;

/** Short, so a bet placed in the test is accepted quickly. */
const INPLAY_DELAY_MS = 500;

let token: string;
let url: string;
const app = useBrowserApp({ INPLAY_DELAY_MS: String(INPLAY_DELAY_MS) });

interface Person {
  username: string;
  token: string;
  /** How others see the name in the room. */
  masked: string;
}

/** A bettor made through the API with 100.00 of play money, and the name others see in the room. */
async function apiBettor(prefix: string): Promise<Person> {
  const { username, token } = await signUpBettor(url, { prefix });
  return { username, token, masked: maskUsername(username) };
}

/** A phone-sized page signed in as `person`. */
/** A fresh page signed in as the person, at a phone's size unless given. */
const openAs = (person: Person, viewport: { width: number; height: number } = VIEWPORTS.phone) => app.open(viewport, { token: person.token });

const setOdds = (selectionId: string, odds: string) => traderSetOdds(url, token, selectionId, odds);

/** Opens the event page (optionally on a tab) and waits until the event and its room are live. */
async function gotoRoom(page: Page, eventId: string, tab?: string): Promise<void> {
  const response = await page.goto(`${url}/events/${eventId}${tab ? `?tab=${tab}` : ''}`);
  assert.equal(response?.status(), 200);
  await page.locator('[data-testid="event-page"][data-live-ready="true"]').waitFor();
  await page.locator('[data-testid="room"][data-room-ready="true"]').waitFor({ state: 'attached' });
}

/** Taps a tab and waits for its panel. */
async function showTab(page: Page, tab: string): Promise<void> {
  await page.locator(`[data-testid="room-tab-${tab}"]`).click();
  await page.locator(`[data-testid="room-tab-${tab}"][aria-selected="true"]`).waitFor();
  await page.locator(`[data-testid="room-panel-${tab}"]`).waitFor();
}

async function waitForText(page: Page, selector: string, expected: string | RegExp, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = (await page.locator(selector).count()) > 0 ? await textOf(page, selector) : '';
    if (typeof expected === 'string' ? got === expected : expected.test(got)) return;
    assert.ok(Date.now() < deadline, `${selector} reads "${got}", expected ${String(expected)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('live event rooms', { timeout: 240_000 }, () => {
  let event: CreatedEvent;
  let alice: Person;
  let bob: Person;

  before(async () => {
    ({ url, trader: token } = app);
    event = await createLiveEvent(url, token, 'Roomford', 'Chatley Town');
    alice = await apiBettor('alice');
    bob = await apiBettor('bob');
  });

  test('two people in one room see each other arrive, chat as plain text, see each other bet, and settle a challenge between them', async () => {
    const a = await openAs(alice);
    const b = await openAs(bob);
    await gotoRoom(a.page, event.id);
    await gotoRoom(b.page, event.id);

    // Both are counted, in the header and on the Participants tab, and listed (masked).
    for (const { page } of [a, b]) {
      await waitForText(page, '[data-testid="participants"]', '2 watching');
      await waitForText(page, '[data-testid="room-tab-participants-badge"] [aria-hidden="true"]', '2');
    }
    await showTab(a.page, 'participants');
    await a.page.locator('[data-testid="participants-count"][data-count="2"]').waitFor();
    await waitForText(a.page, '[data-testid="joiner"] [data-testid="joiner-name"]', new RegExp(`^${bob.masked.replace(/\*/g, '\\*')}`));
    const joiners = await a.page.locator('[data-testid="joiner"] [data-testid="joiner-name"]').allTextContents();
    assert.deepEqual(joiners.slice(0, 2), [bob.masked, alice.masked], 'newest first');

    // Chat: what Alice types arrives for Bob, as text, not markup.
    await showTab(a.page, 'chat');
    await showTab(b.page, 'chat');
    assert.match(b.page.url(), /\?tab=chat$/);
    const markup = '<b>x</b>';
    await a.page.locator('[data-testid="chat-input"]').fill(markup);
    await waitForText(a.page, '[data-testid="chat-count"]', '8/280');
    await a.page.locator('[data-testid="chat-send"]').click();
    const received = b.page.locator('[data-testid="chat-message"]', { hasText: markup });
    await received.waitFor();
    assert.equal(await received.locator('[data-testid="chat-text"]').textContent(), markup);
    assert.equal(await received.locator('[data-testid="chat-author"]').textContent(), alice.username);
    assert.equal(await b.page.locator('[data-testid="chat-log"] b').count(), 0, 'no <b> element was made');
    await a.page.locator('[data-testid="chat-message"][data-own="true"]', { hasText: markup }).waitFor();
    assert.equal(await a.page.locator('[data-testid="chat-input"]').inputValue(), '', 'the field is cleared after sending');
    await waitForText(a.page, '[data-testid="chat-count"]', '0/280');

    // Too long: the counter says so and Send is off.
    await a.page.locator('[data-testid="chat-input"]').fill('y'.repeat(281));
    await waitForText(a.page, '[data-testid="chat-count"]', '281/280 · 1 too many');
    assert.equal(await a.page.locator('[data-testid="chat-send"]').isDisabled(), true);
    await a.page.locator('[data-testid="chat-input"]').fill('');

    // A message while Bob looks at another tab shows as unread on the Chat tab.
    await showTab(b.page, 'betting');
    await a.page.locator('[data-testid="chat-input"]').fill('second message');
    await a.page.locator('[data-testid="chat-send"]').click();
    await waitForText(b.page, '[data-testid="room-tab-chat-badge"] [aria-hidden="true"]', '1');
    await showTab(b.page, 'chat');
    await b.page.locator('[data-testid="chat-message"]', { hasText: 'second message' }).waitFor();
    assert.equal(await b.page.locator('[data-testid="room-tab-chat-badge"]').count(), 0, 'opening Chat clears the badge');

    // Sending too fast is refused by the server, and the page shows why.
    let limited = false;
    for (let i = 0; i < 6 && !limited; i++) {
      const input = a.page.locator('[data-testid="chat-input"]');
      await input.fill(`quick ${i}`);
      await a.page.locator('[data-testid="chat-send"]').click();
      // Sent (the field empties) or refused (the reason shows).
      const deadline = Date.now() + 10_000;
      while ((await input.inputValue()) !== '' && (await a.page.locator('[data-testid="chat-error"]').count()) === 0) {
        assert.ok(Date.now() < deadline, 'the message was sent or refused');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      limited = (await a.page.locator('[data-testid="chat-error"]').count()) > 0;
    }
    assert.ok(limited, 'the sixth message in ten seconds is refused');
    assert.match(await textOf(a.page, '[data-testid="chat-error"]'), /Slow down/);

    // A bet by Alice appears in Bob's activity feed and his Stats tab, banded and masked.
    const [home, draw] = event.markets[0].selections;
    await showTab(b.page, 'betting');
    await showTab(a.page, 'betting');
    await a.page.locator(`[data-testid="odds-button"][data-selection-id="${home.id}"]`).click();
    await a.page.locator('[data-testid="slip-dock"][data-live-ready="true"]').waitFor();
    if ((await a.page.locator('[data-testid="bet-slip"]').count()) === 0) await a.page.locator('[data-testid="slip-bar"]').click();
    await a.page.locator('[data-testid="slip-stake"]').fill('10');
    await a.page.locator('[data-testid="slip-place"]').click();
    await a.page.locator('[data-testid="toast"][data-tag="bet-placed"]').waitFor();
    const item = b.page.locator(`[data-testid="activity-item"][data-for-selection="${home.id}"]`);
    await item.waitFor();
    assert.match(await textOf(b.page, `[data-testid="activity-item"][data-for-selection="${home.id}"] [data-testid="activity-text"]`), new RegExp(`^${alice.masked.replace(/\*/g, '\\*')} bet 5 to 20 on Roomford$`));
    assert.equal(await item.getAttribute('data-fresh'), 'true', 'a live arrival is highlighted');
    await screenshot(b.page, 'rooms-activity-phone');

    await showTab(b.page, 'stats');
    const homeStats = `[data-testid="stats-selection"][data-for-selection="${home.id}"]`;
    await waitForText(b.page, `${homeStats} [data-testid="stats-bets"]`, '1');
    assert.equal(await textOf(b.page, `${homeStats} [data-testid="stats-staked"]`), '10.00');
    assert.equal(await b.page.locator(`${homeStats} [data-testid="stats-share"]`).getAttribute('data-share'), '100');

    // Once the bet stands (after the in-play delay) the prices may respond to its money; odds
    // moves by the trader then draw the chart live.
    await a.page.locator('[data-testid="toast"][data-tag="bet-accepted"]').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const sparkline = b.page.locator(`${homeStats} [data-testid="odds-sparkline"]`);
    const pointsBefore = Number(await sparkline.getAttribute('data-points'));
    await setOdds(home.id, '2.60');
    await waitForText(b.page, `${homeStats} [data-testid="stats-odds"]`, '2.60');
    await b.page.locator(`${homeStats} [data-testid="odds-sparkline"][data-trend="up"]`).waitFor();
    assert.match((await sparkline.getAttribute('aria-label')) ?? '', /^Roomford: odds from 2\.10 to 2\.60, \d+ changes?/);
    await setOdds(home.id, '1.95');
    await b.page.locator(`${homeStats} [data-testid="odds-sparkline"][data-trend="down"]`).waitFor();
    assert.match((await sparkline.getAttribute('aria-label')) ?? '', /^Roomford: odds from 2\.10 to 1\.95, \d+ changes?, low 1\.95, high 2\.60$/);
    assert.ok(Number(await sparkline.getAttribute('data-points')) >= pointsBefore + 2, 'each move is a new point');
    await screenshot(b.page, 'rooms-stats-live-phone');

    // Alice offers a challenge on the draw; Bob takes it; both see it taken.
    await a.page.locator('[data-testid="header-balance-amount"]', { hasText: '90.00' }).waitFor();
    await showTab(a.page, 'challenges');
    await showTab(b.page, 'challenges');
    await a.page.locator('[data-testid="challenge-selection"]').selectOption(draw.id);
    await a.page.locator('[data-testid="challenge-stake"]').fill('10');
    await a.page.locator('[data-testid="challenge-odds"]').fill('2.5');
    await waitForText(a.page, '[data-testid="challenge-preview-taker"]', '15.00');
    assert.equal(await textOf(a.page, '[data-testid="challenge-preview-win"]'), '15.00');
    await a.page.locator('[data-testid="challenge-offer"]').click();
    await waitForText(a.page, '[data-testid="challenge-message"]', /^Challenge offered: 10\.00 on Draw at 2\.50/);
    const mine = a.page.locator('[data-testid="challenge"][data-status="OPEN"][data-mine="true"]');
    await mine.waitFor();
    assert.equal(await mine.locator('[data-testid="challenge-take"]').count(), 0, 'nobody takes their own challenge');
    assert.equal(await mine.locator('[data-testid="challenge-cancel"]').count(), 1);
    await a.page.locator('[data-testid="header-balance-amount"]', { hasText: '80.00' }).waitFor();

    const offered = b.page.locator('[data-testid="challenge"][data-status="OPEN"]');
    await offered.waitFor();
    assert.equal(await offered.getAttribute('data-mine'), null);
    assert.equal(await textOf(b.page, '[data-testid="challenge"][data-status="OPEN"] [data-testid="challenge-taker-risk"]'), '15.00');
    assert.equal(await textOf(b.page, '[data-testid="challenge"][data-status="OPEN"] [data-testid="challenge-taker-win"]'), '10.00');
    await waitForText(b.page, '[data-testid="room-tab-challenges-badge"] [aria-hidden="true"]', '1');
    await screenshot(b.page, 'rooms-challenge-offered-phone');
    await offered.locator('[data-testid="challenge-take"]').click();

    for (const { page } of [a, b]) {
      await page.locator('[data-testid="challenge"][data-status="TAKEN"]').waitFor();
      await waitForText(page, '[data-testid="challenge"][data-status="TAKEN"] [data-testid="challenge-status"]', 'Taken');
      await page.locator('[data-testid="challenges-open-empty"]').waitFor();
    }
    await b.page.locator('[data-testid="challenge"][data-status="TAKEN"][data-taken-by-me="true"]').waitFor();
    await b.page.locator('[data-testid="header-balance-amount"]', { hasText: '85.00' }).waitFor();
    assert.match(await textOf(a.page, '[data-testid="challenge-outcome"]'), new RegExp(`Taken by ${bob.masked.replace(/\*/g, '\\*')}`));

    // The market settles: the draw won, so Alice (who backed it) takes both stakes; both see it.
    const settled = await gql(
      url,
      `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { status } }`,
      { m: event.markets[0].id, r: event.markets[0].selections.map((s) => ({ selectionId: s.id, result: s.id === draw.id ? 'WON' : 'LOST' })) },
      token,
    );
    assert.equal(settled.data?.settleMarket?.status, 'SETTLED', JSON.stringify(settled));
    for (const { page } of [a, b]) {
      await page.locator('[data-testid="challenge"][data-status="WON"]').waitFor();
      await waitForText(page, '[data-testid="challenge"][data-status="WON"] [data-testid="challenge-status"]', 'Backer won');
    }
    assert.equal(await textOf(a.page, '[data-testid="challenge-outcome"]'), 'Draw won: you win 15.00.');
    assert.equal(await textOf(b.page, '[data-testid="challenge-outcome"]'), `Draw won: ${alice.masked} wins your 15.00.`);
    assert.equal(await a.page.locator('[data-testid="challenge"][data-status="WON"] [data-testid="challenge-status"]').getAttribute('data-viewer-result'), 'win');
    assert.equal(await b.page.locator('[data-testid="challenge"][data-status="WON"] [data-testid="challenge-status"]').getAttribute('data-viewer-result'), 'loss');
    // 80.00 + both stakes (25.00); her bet on Roomford lost.
    await a.page.locator('[data-testid="header-balance-amount"]', { hasText: '105.00' }).waitFor();
    await screenshot(b.page, 'rooms-challenge-settled-phone');

    // An untaken challenge can be withdrawn by its maker, and the stake comes back.
    const [over] = event.markets[1].selections;
    await a.page.locator('[data-testid="challenge-selection"]').selectOption(over.id);
    assert.equal(await a.page.locator('[data-testid="challenge-odds"]').inputValue(), '1.90', 'the odds follow the chosen selection');
    await a.page.locator('[data-testid="challenge-stake"]').fill('4');
    await a.page.locator('[data-testid="challenge-offer"]').click();
    const withdrawable = a.page.locator('[data-testid="challenge"][data-status="OPEN"][data-mine="true"]');
    await withdrawable.waitFor();
    await a.page.locator('[data-testid="header-balance-amount"]', { hasText: '101.00' }).waitFor();
    await b.page.locator('[data-testid="challenge"][data-status="OPEN"] [data-testid="challenge-take"]').waitFor();
    await withdrawable.locator('[data-testid="challenge-cancel"]').click();
    for (const { page } of [a, b]) await page.locator('[data-testid="challenge"][data-status="CANCELLED"]').waitFor();
    await a.page.locator('[data-testid="header-balance-amount"]', { hasText: '105.00' }).waitFor();

    // A challenge the taker cannot cover is refused with the server's reason.
    await b.page.locator('[data-testid="challenge-stake"]').fill('500');
    await b.page.locator('[data-testid="challenge-offer"]').click();
    await b.page.locator('[data-testid="challenge-message"][role="alert"]').waitFor();
    assert.equal(await textOf(b.page, '[data-testid="challenge-message"]'), 'Your balance does not cover this stake.');

    assertNoPageErrors(a);
    assertNoPageErrors(b);
  });

  test('every tab works on a 375 px phone: an accessible tablist, the tab kept in the address, nothing wider than the screen (screenshots in e2e/artifacts)', async () => {
    const opened = await openAs(alice);
    const { page } = opened;

    // The tab in the address is the tab shown, from the server's first paint on.
    await gotoRoom(page, event.id, 'chat');
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-testid'), 'room-tab-chat');
    assert.equal(await page.locator('[data-testid="room-panel-chat"]').isVisible(), true);
    assert.equal(await page.locator('[data-testid="room-panel-betting"]').isVisible(), false);
    assert.equal(await page.locator('[role="tablist"]').getAttribute('aria-label'), 'Event room');
    const tabs = await page.locator('[role="tab"]').evaluateAll((nodes) =>
      nodes.map((n) => ({ controls: n.getAttribute('aria-controls'), tabIndex: (n as HTMLElement).tabIndex, selected: n.getAttribute('aria-selected') })),
    );
    assert.equal(tabs.length, 5);
    assert.deepEqual(tabs.map((t) => t.tabIndex).sort(), [-1, -1, -1, -1, 0], 'one tab stop');
    for (const tab of tabs) assert.ok(tab.controls && (await page.locator(`#${CSS_escape(tab.controls)}[role="tabpanel"]`).count()) === 1, 'each tab controls its panel');

    // Arrow keys move between tabs and select them; the address follows and survives a reload.
    await page.locator('[data-testid="room-tab-chat"]').focus();
    await page.keyboard.press('ArrowRight');
    await page.locator('[data-testid="room-tab-challenges"][aria-selected="true"]').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'room-tab-challenges');
    assert.match(page.url(), /\?tab=challenges$/);
    await page.keyboard.press('End');
    await page.locator('[data-testid="room-tab-stats"][aria-selected="true"]').waitFor();
    await page.keyboard.press('Home');
    await page.locator('[data-testid="room-tab-betting"][aria-selected="true"]').waitFor();
    assert.equal(new URL(page.url()).search, '', 'Betting is the page without ?tab');
    await page.keyboard.press('ArrowLeft');
    await page.locator('[data-testid="room-tab-stats"][aria-selected="true"]').waitFor();
    await page.reload();
    await page.locator('[data-testid="room"][data-room-ready="true"]').waitFor({ state: 'attached' });
    assert.equal(await page.locator('[role="tab"][aria-selected="true"]').getAttribute('data-testid'), 'room-tab-stats');

    // Each tab at 375 px: nothing sideways, thumb-sized targets, a screenshot to look at.
    for (const tab of ['betting', 'chat', 'challenges', 'participants', 'stats']) {
      await showTab(page, tab);
      await assertNoOverflow(page, `the ${tab} tab`);
      await assertTall(page, '[role="tab"]');
      if (tab === 'betting') await assertTall(page, '[data-testid="odds-button"]');
      if (tab === 'chat') {
        await assertTall(page, '[data-testid="chat-input"]');
        await assertTall(page, '[data-testid="chat-send"]');
      }
      if (tab === 'challenges') {
        await assertTall(page, '[data-testid="challenge-stake"]');
        await assertTall(page, '[data-testid="challenge-offer"]');
      }
      await screenshot(page, `rooms-${tab}-phone`);
    }
    // The last tab is reachable on the narrow bar: it was scrolled into view when chosen.
    const bar = await page.locator('[role="tablist"]').boundingBox();
    const stats = await page.locator('[data-testid="room-tab-stats"]').boundingBox();
    assert.ok(bar && stats && stats.x + stats.width <= bar.x + bar.width + 1, 'the selected tab is in view');

    // The whole room on a desktop, for comparison.
    const desktop = await openAs(alice, VIEWPORTS.desktop);
    await gotoRoom(desktop.page, event.id, 'stats');
    await screenshot(desktop.page, 'rooms-stats-desktop');
    await showTab(desktop.page, 'challenges');
    await screenshot(desktop.page, 'rooms-challenges-desktop');
    assertNoPageErrors(opened);
    assertNoPageErrors(desktop);
  });

  test("the room's bets are in the server's first paint, before any script runs (issue 18: they were a phone's LCP after hydration)", async () => {
    const carol = await apiBettor('carol');
    // An event of its own: the tests above move this file's event's odds and settle on it.
    const quiet = await createLiveEvent(url, token, 'Firstpaint Rovers', 'Paintwell Town');
    const selection = quiet.markets[0].selections[1];
    const placed = await gql(
      url,
      `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on UserError { code message } } }`,
      { input: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake: '2.00', idempotencyKey: 'first-paint', oddsChangePolicy: 'ANY' } },
      carol.token,
    );
    assert.equal(placed.data.placeBet.__typename, 'BetPlaced', JSON.stringify(placed.data.placeBet));
    // The HTML alone, as a browser has it before hydration (the bet shows once it is accepted).
    let html = '';
    for (let attempt = 0; attempt < 50 && !html.includes(`<strong>${carol.masked}</strong>`); attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      html = await (await fetch(`${url}/events/${quiet.id}`)).text();
    }
    const feed = html.slice(html.indexOf('data-testid="activity-feed"'));
    assert.ok(feed.length < html.length, 'the activity feed is in the HTML');
    assert.ok(!html.includes('Loading bets'), 'no loading placeholder');
    assert.ok(feed.includes(`<strong>${carol.masked}</strong>`), "carol's bet is in the server's feed");
    assert.ok(feed.includes(`<strong>${selection.name}</strong>`));
  });
});

/** CSS.escape for ids made by React's useId (":r1:"), in Node. */
function CSS_escape(id: string): string {
  return id.replace(/([^a-zA-Z0-9_-])/g, '\\$1');
}
