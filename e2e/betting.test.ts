/**
 * Accounts, wallet and bet placement in real Chromium against a real server (built Next app,
 * Postgres, Redis), with the feed off: every price change comes from the trader API, so each test
 * knows what the slip and the ticket should show. Needs `npx next build` first.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { WebSocketRoute } from 'playwright-core';
import { screenshot, signInContext, VIEWPORTS } from './support/browser';
import { assertNoOverflow, assertNoPageErrors, gotoEventPage, markDocument, oddsButton, openSlip, pick, stillSameDocument, text, useBrowserApp } from './support/browser-app';
import { createLiveEvent, gql, signUpBettor, traderSetOdds, traderSetMarketStatus } from './support/server';

type CreatedEvent = Awaited<ReturnType<typeof createLiveEvent>>;

/** Long enough for the test to open the ticket while the bet is still pending. */
const INPLAY_DELAY_MS = 3000;

let token: string;
let url: string;
const app = useBrowserApp({ INPLAY_DELAY_MS: String(INPLAY_DELAY_MS) });

/** A fresh page at the viewport (desktop unless given). */
const open = (viewport: { width: number; height: number } = VIEWPORTS.desktop) => app.open(viewport);

const setOdds = (selectionId: string, odds: string) => traderSetOdds(url, token, selectionId, odds);

const setMarketStatus = (marketId: string, status: 'OPEN' | 'SUSPENDED') => traderSetMarketStatus(url, token, marketId, status);

/** A bettor made through the API with 50.00 of play money, for tests that are not about signing up. */
const apiBettor = () => signUpBettor(url, { deposit: '50.00', prefix: 'b' });

describe('accounts, wallet and betting in the browser', { timeout: 240_000 }, () => {
  let eventA: CreatedEvent;
  let eventB: CreatedEvent;

  before(async () => {
    ({ url, trader: token } = app);
    eventA = await createLiveEvent(url, token, 'Aston Harbour', 'Bramley Town');
    eventB = await createLiveEvent(url, token, 'Carrow Athletic', 'Dunmore City');
  });

  test('a new bettor signs up, deposits, places an accumulator on a phone and sees the ticket go from pending to open live', async () => {
    const viewport = VIEWPORTS.phone;
    const opened = await open(viewport);
    const { page } = opened;

    // Sign up through the form; a new account lands on the wallet.
    const username = `punter${randomUUID().slice(0, 6)}`;
    await page.goto(`${url}/`);
    await page.locator('[data-testid="sign-up-link"]').click();
    await page.waitForURL(/\/sign-up/);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.waitForURL(`${url}/wallet`);
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '0.00' }).waitFor();
    await page.locator('[data-testid="account-menu-button"]').click();
    assert.match(await text(page, 'account-menu'), new RegExp(`Signed in as ${username}`));
    await page.keyboard.press('Escape');

    // Deposit 100.00: the wallet and the header show it at once.
    await page.locator('[data-testid="deposit-amount"]').fill('100.00');
    await page.locator('[data-testid="deposit-submit"]').click();
    await page.locator('[data-testid="deposit-message"]', { hasText: 'Deposited 100.00' }).waitFor();
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '100.00' }).waitFor();
    assert.equal(await text(page, 'wallet-balance'), '100.00');

    // Lowering the daily limit applies at once; a deposit over what is left is refused.
    await page.locator('[data-testid="limit-amount"]').fill('150');
    await page.locator('[data-testid="limit-submit"]').click();
    await page.locator('[data-testid="limit-message"]', { hasText: 'Your daily limit is now 150.00' }).waitFor();
    await page.locator('[data-testid="limit-remaining"]', { hasText: '50.00' }).waitFor();
    await page.locator('[data-testid="deposit-amount"]').fill('60');
    await page.locator('[data-testid="deposit-submit"]').click();
    await page.locator('[data-testid="deposit-message"]', { hasText: '50.00' }).waitFor();
    assert.equal(await text(page, 'header-balance-amount'), '100.00');
    await assertNoOverflow(page, 'wallet', viewport);
    await screenshot(page, 'betting-wallet-phone');

    // One selection from each of two events.
    const homeA = eventA.markets[0].selections[0];
    const drawB = eventB.markets[0].selections[1];
    await gotoEventPage(page, url, eventA.id);
    await pick(page, homeA.id);
    assert.equal(await text(page, 'slip-count'), '1');
    await gotoEventPage(page, url, eventB.id);
    await pick(page, drawB.id);
    assert.equal(await text(page, 'slip-count'), '2');

    // The slip: an accumulator with combined odds 2.10 x 3.20 and the payout for a stake of 10.
    await openSlip(page);
    assert.equal(await text(page, 'slip-type'), 'Accumulator (2)');
    assert.equal(await text(page, 'slip-combined-odds'), '6.72');
    await page.locator('[data-testid="slip-quick-10"]').click();
    assert.equal(await page.locator('[data-testid="slip-stake"]').inputValue(), '10.00');
    assert.equal(await text(page, 'slip-payout'), '67.20');
    await page.locator('[data-testid="slip-stake"]').fill('10.005');
    await page.locator('[data-testid="slip-stake-error"]').waitFor();
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true, 'three decimals cannot be placed');
    await page.locator('[data-testid="slip-stake"]').fill('10');
    assert.equal(await text(page, 'slip-payout'), '67.20');

    // The price of a pick moves before placing: with "Ask me" (the default takes rises without
    // asking) the slip shows old -> new and waits for consent.
    await page.getByLabel('Ask me', { exact: true }).check();
    await setOdds(homeA.id, '2.30');
    const prompt = page.locator('[data-testid="slip-odds-change"]');
    await prompt.waitFor();
    assert.match(await prompt.innerText(), /2\.10 → 2\.30/);
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true, 'a changed price blocks placing');
    await screenshot(page, 'betting-slip-odds-changed-phone', { fullPage: false });
    await page.getByRole('button', { name: 'Accept new odds' }).click();
    await prompt.waitFor({ state: 'detached' });
    assert.equal(await text(page, 'slip-combined-odds'), '7.36');
    assert.equal(await text(page, 'slip-payout'), '73.60');
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), false);

    const slipBox = await page.locator('[data-testid="slip-place"]').boundingBox();
    assert.ok(slipBox && slipBox.height >= 44, `the place button is at least 44 px tall (got ${slipBox?.height})`);
    await assertNoOverflow(page, 'event page with the slip open', viewport);
    await screenshot(page, 'betting-slip-phone', { fullPage: false });

    // Place: a toast links to the ticket, which the server renders while the bet is pending.
    await page.locator('[data-testid="slip-place"]').click();
    const placed = page.locator('[data-testid="toast"][data-tag="bet-placed"]');
    await placed.waitFor();
    assert.match(await placed.innerText(), /Bet placed/);
    await placed.locator('[data-testid="toast-link"]').click();
    await page.waitForURL(/\/bets\/[0-9a-f-]{36}$/);
    const betId = page.url().split('/').at(-1)!;
    assert.equal(await page.locator('[data-testid="slip-dock"]').count(), 0, 'the slip is cleared after placing');

    const ticket = page.locator('[data-testid="bet-ticket"]');
    await page.locator('[data-testid="bet-ticket"][data-status="PENDING"]').waitFor();
    await page.locator('[data-testid="bet-countdown"]').waitFor();
    await markDocument(page);
    assert.equal(await text(page, 'bet-type'), 'Accumulator (2)');
    assert.equal(await text(page, 'bet-stake'), '10.00');
    assert.equal(await text(page, 'bet-odds'), '7.36');
    assert.equal(await text(page, 'bet-potential-payout'), '73.60');
    const legs = page.locator('[data-testid="bet-leg"]');
    assert.equal(await legs.count(), 2);
    assert.equal(await legs.nth(0).locator('[data-testid="leg-taken-odds"]').innerText(), '2.30');
    assert.equal(await legs.nth(1).locator('[data-testid="leg-taken-odds"]').innerText(), '3.20');
    await assertNoOverflow(page, 'pending ticket', viewport);
    await screenshot(page, 'betting-ticket-pending-phone');

    // After the in-play delay it is accepted: the page follows without a reload.
    await page.locator('[data-testid="bet-ticket"][data-status="OPEN"]').waitFor({ timeout: INPLAY_DELAY_MS + 10_000 });
    assert.equal((await ticket.locator('[data-testid="bet-status"]').innerText()).trim().toLowerCase(), 'open');
    assert.equal(await page.locator('[data-testid="bet-countdown"]').count(), 0);
    await page.locator('[data-testid="toast"][data-tag="bet-accepted"]').waitFor();
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '90.00' }).waitFor();
    assert.equal(await stillSameDocument(page), true, 'the ticket did not reload');

    // Prices answer the money of an accepted bet (a coalesced pass a moment after acceptance):
    // wait for that move, so the trader's change below is the last word on this price.
    const drawOdds = async () =>
      (await gql(url, `query($id: ID!) { event(id: $id) { markets { selections { id odds } } } }`, { id: eventB.id })).data.event.markets[0].selections.find((s: { id: string }) => s.id === drawB.id).odds;
    for (const deadline = Date.now() + 5000; (await drawOdds()) === '3.20'; ) {
      assert.ok(Date.now() < deadline, 'the price of the draw answers the money on it');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Current odds of a leg follow the feed, with a marker against the taken odds.
    await page.locator('[data-testid="bet-ticket"][data-live-ready="true"]').waitFor();
    await setOdds(drawB.id, '3.50');
    const current = legs.nth(1).locator('[data-testid="leg-current-odds"][data-trend="up"]');
    await current.waitFor();
    assert.match(await current.innerText(), /3\.50/);
    assert.equal(await legs.nth(1).locator('[data-testid="leg-taken-odds"]').innerText(), '3.20');
    await assertNoOverflow(page, 'open ticket', viewport);
    await screenshot(page, 'betting-ticket-open-phone');

    // My bets lists it on the Open tab.
    await page.goto(`${url}/bets`);
    const row = page.locator(`[data-testid="bet-row"][data-bet-id="${betId}"]`);
    await row.waitFor();
    assert.equal(await row.getAttribute('data-status'), 'OPEN');
    await assertNoOverflow(page, 'my bets', viewport);
    await screenshot(page, 'betting-bets-phone');
    await page.locator('[data-testid="bets-tab-settled"]').click();
    await page.locator('[data-testid="bets-page"][data-tab="settled"]').waitFor();
    await page.locator('[data-testid="bets-empty"]').waitFor();
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('a price change must be accepted, "accept higher odds" takes rises without asking, ODDS_CHANGED from the server shows the prompt, and a rejection is toasted with its reason', async () => {
    const event = await createLiveEvent(url, token, 'Elmfield Rangers', 'Fairport United');
    const [home] = event.markets[0].selections;
    const bettor = await apiBettor();
    const opened = await open();
    const { page, context } = opened;
    let socketsAllowed = true;
    // While set, odds messages are lost on their way to the page (the socket itself stays up).
    let dropOddsMessages = false;
    const sockets: WebSocketRoute[] = [];
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      if (!socketsAllowed) {
        void ws.close({ code: 1012, reason: 'test: server restarting' });
        return;
      }
      const server = ws.connectToServer();
      server.onMessage((message) => {
        if (dropOddsMessages && typeof message === 'string' && message.includes('"oddsChanged"')) return;
        ws.send(message);
      });
      sockets.push(ws);
    });
    await signInContext(context, url, bettor.token);
    await gotoEventPage(page, url, event.id);
    await pick(page, home.id);
    await openSlip(page);
    assert.equal(await text(page, 'slip-type'), 'Single');

    // A second pick from the same event cannot make an accumulator; tapping it again removes it.
    const draw = event.markets[0].selections[1];
    await pick(page, draw.id);
    await page.locator('[data-testid="slip-same-event"]', { hasText: 'One leg per event' }).waitFor();
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true);
    await oddsButton(page, draw.id).click();
    await page.locator('[data-testid="slip-same-event"]').waitFor({ state: 'detached' });
    assert.equal(await oddsButton(page, draw.id).getAttribute('aria-pressed'), 'false');

    await page.locator('[data-testid="slip-stake"]').fill('5');
    assert.equal(await text(page, 'slip-payout'), '10.50');

    // A drop needs consent.
    await setOdds(home.id, '1.95');
    await page.locator('[data-testid="slip-odds-change"]').waitFor();
    assert.match(await text(page, 'slip-odds-change'), /2\.10 → 1\.95/);
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true);
    await page.locator('[data-testid="slip-accept-odds"]').click();
    await page.locator('[data-testid="slip-odds-change"]').waitFor({ state: 'detached' });

    // With "accept higher odds" on, a rise is shown but does not block; a drop still does.
    await page.getByLabel('Accept higher', { exact: true }).check();
    await setOdds(home.id, '2.40');
    await page.locator(`[data-testid="slip-pick"][data-selection-id="${home.id}"][data-changed="true"] [data-trend="up"]`).waitFor();
    assert.equal(await page.locator('[data-testid="slip-odds-change"]').count(), 0);
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), false);
    await screenshot(page, 'betting-slip-desktop', { fullPage: false });
    await setOdds(home.id, '1.80');
    await page.locator('[data-testid="slip-odds-change"]').waitFor();
    await page.locator('[data-testid="slip-accept-odds"]').click();
    await page.getByLabel('Ask me', { exact: true }).check();

    // A suspended market blocks placing with a message, and reopening unblocks it.
    await setMarketStatus(event.markets[0].id, 'SUSPENDED');
    await page.locator('[data-testid="slip-blocked"]', { hasText: 'suspended' }).waitFor();
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true);
    await setMarketStatus(event.markets[0].id, 'OPEN');
    await page.locator('[data-testid="slip-blocked"]').waitFor({ state: 'detached' });

    // The socket drops: the prices may be out of date, so the bet cannot be placed at them until
    // the connection is live again.
    socketsAllowed = false;
    await sockets.at(-1)!.close({ code: 1012, reason: 'test: server restarting' });
    await page.locator('[data-testid="connection-status"][data-state="reconnecting"]').first().waitFor();
    await page.locator('[data-testid="slip-dock"][data-stale="true"]').waitFor();
    assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true);
    socketsAllowed = true;
    await page.locator('[data-testid="connection-status"][data-state="connected"]').first().waitFor({ timeout: 20_000 });
    await page.locator('[data-testid="slip-dock"][data-live-ready="true"][data-stale="false"]').waitFor();

    // The price moves unseen (its message is lost): the server answers ODDS_CHANGED, and the slip
    // shows its current odds in the same prompt.
    dropOddsMessages = true;
    await setOdds(home.id, '1.70');
    await page.locator('[data-testid="slip-place"]').click();
    await page.locator('[data-testid="slip-odds-change"]').waitFor();
    assert.match(await text(page, 'slip-odds-change'), /1\.80 → 1\.70/);
    dropOddsMessages = false;

    await page.locator('[data-testid="slip-accept-odds"]').click();
    await page.locator('[data-testid="slip-place"]').click();
    await page.locator('[data-testid="toast"][data-tag="bet-placed"]').waitFor();
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '45.00' }).waitFor();

    // Suspended during the in-play delay, the bet is rejected: a toast gives the reason and the
    // stake comes back, all without a reload.
    await setMarketStatus(event.markets[0].id, 'SUSPENDED');
    const rejected = page.locator('[data-testid="toast"][data-tag="bet-rejected"]');
    await rejected.waitFor({ timeout: INPLAY_DELAY_MS + 10_000 });
    assert.match(await rejected.innerText(), /Bet rejected[\s\S]*suspended[\s\S]*5\.00 was returned/);
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '50.00' }).waitFor();
    await rejected.locator('[data-testid="toast-link"]').click();
    await page.locator('[data-testid="bet-ticket"][data-status="REJECTED"]').waitFor();
    assert.match(await text(page, 'bet-rejection'), /suspended/);
    await setMarketStatus(event.markets[0].id, 'OPEN');
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test('a signed-out bettor is sent from the slip to sign in, comes back to the same slip and bets without a reload', async () => {
    const bettor = await apiBettor();
    const opened = await open();
    const { page } = opened;
    const [, , awayA] = eventA.markets[0].selections;
    await gotoEventPage(page, url, eventA.id);
    await markDocument(page);
    await pick(page, awayA.id);
    await openSlip(page);
    await page.locator('[data-testid="slip-sign-in"]').click();
    await page.waitForURL(`${url}/sign-in?next=${encodeURIComponent(`/events/${eventA.id}`)}`);

    await page.getByLabel('Username').fill(bettor.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('[data-testid="auth-error"]', { hasText: 'Wrong username or password' }).waitFor();

    await page.getByLabel('Password').fill(bettor.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${url}/events/${eventA.id}`);
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '50.00' }).waitFor();
    assert.equal(await oddsButton(page, awayA.id).getAttribute('aria-pressed'), 'true', 'the pick survived signing in');
    await openSlip(page);

    // The socket reconnected as the new viewer: the bet's acceptance arrives live.
    await page.locator('[data-testid="slip-stake"]').fill('2');
    await page.locator('[data-testid="slip-place"]').click();
    await page.locator('[data-testid="toast"][data-tag="bet-placed"]').waitFor();
    await page.locator('[data-testid="toast"][data-tag="bet-accepted"]').waitFor({ timeout: INPLAY_DELAY_MS + 10_000 });
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '48.00' }).waitFor();
    assert.equal(await stillSameDocument(page), true, 'signing in and betting needed no reload');

    // Signing out puts the sign-in links back.
    await page.locator('[data-testid="account-menu-button"]').click();
    await page.locator('[data-testid="sign-out"]').click();
    await page.locator('[data-testid="sign-in-link"]').waitFor();
    await pick(page, awayA.id);
    await openSlip(page);
    await page.locator('[data-testid="slip-sign-in"]').waitFor();
    assertNoPageErrors(opened, { notFoundPages: true });
  });

  test("someone else's bet and an unknown bet id answer 404; signed out, /bets asks to sign in", async () => {
    const owner = await apiBettor();
    const [home] = eventB.markets[0].selections;
    const placed = await gql(
      url,
      `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id } } } }`,
      { input: { legs: [{ selectionId: home.id, odds: home.odds }], stake: '1.00', idempotencyKey: randomUUID() } },
      owner.token,
    );
    const ownersBetId = placed.data?.placeBet?.bet?.id as string | undefined;
    assert.ok(ownersBetId, JSON.stringify(placed));
    const other = await apiBettor();
    const opened = await open();
    const { page, context } = opened;

    const signedOut = await page.goto(`${url}/bets`);
    assert.equal(signedOut?.status(), 200);
    await page.waitForURL(`${url}/sign-in?next=%2Fbets`);

    await signInContext(context, url, other.token);
    for (const id of [ownersBetId, randomUUID(), 'not-a-bet']) {
      const response = await page.goto(`${url}/bets/${id}`);
      assert.equal(response?.status(), 404, `/bets/${id} answers 404`);
      await page.locator('[data-testid="not-found"]').waitFor();
    }
    const list = await page.goto(`${url}/bets`);
    assert.equal(list?.status(), 200);
    await page.locator('[data-testid="bets-empty"]').waitFor();

    // The owner sees it.
    await context.clearCookies();
    await signInContext(context, url, owner.token);
    const own = await page.goto(`${url}/bets/${ownersBetId}`);
    assert.equal(own?.status(), 200);
    await page.locator(`[data-testid="bet-ticket"][data-bet-id="${ownersBetId}"]`).waitFor();
  });

  test('the auth and wallet pages fit a 375 px phone (screenshots in e2e/artifacts)', async () => {
    const bettor = await apiBettor();
    const viewport = VIEWPORTS.phone;
    const opened = await open(viewport);
    const { page, context } = opened;
    for (const [name, path] of [
      ['sign-in', '/sign-in'],
      ['sign-up', '/sign-up'],
    ] as const) {
      await page.goto(`${url}${path}`);
      await page.locator('[data-testid="auth-form"]').waitFor();
      await assertNoOverflow(page, name, viewport);
      await screenshot(page, `betting-${name}-phone`);
    }
    await signInContext(context, url, bettor.token);
    for (const [name, path] of [
      ['lobby-signed-in', '/'],
      ['bets-empty', '/bets'],
    ] as const) {
      await page.goto(`${url}${path}`);
      await page.locator('[data-testid="header-balance"]').waitFor();
      const box = await page.locator('[data-testid="account-menu-button"]').boundingBox();
      assert.ok(box && box.height >= 44 && box.width >= 44, 'the account button is big enough to tap');
      await assertNoOverflow(page, name, viewport);
      await screenshot(page, `betting-${name}-phone`);
    }
    assertNoPageErrors(opened, { notFoundPages: true });
  });
});
