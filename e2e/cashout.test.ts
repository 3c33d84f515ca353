/**
 * Cash out in real Chromium against a real server (built Next app, Postgres, Redis), with the feed
 * off: every price change comes from the trader API, so each test knows the value the ticket
 * should show (stake x placed odds / current odds x 0.95, rounded down). Needs `npx next build`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signInContext, VIEWPORTS } from './support/browser';
import { assertNoOverflow, assertNoPageErrors, assertTall, byTestId, markDocument, stillSameDocument, text, useBrowserApp } from './support/browser-app';
import { createLiveEvent, gql, signUpBettor, traderSetOdds, traderSetMarketStatus } from './support/server';

let token: string;
let url: string;
const app = useBrowserApp({ INPLAY_DELAY_MS: '500', CASHOUT_OFFER_THROTTLE_MS: '200' });

/** A fresh page at the viewport (phone unless given). */
const open = (viewport: { width: number; height: number } = VIEWPORTS.phone) => app.open(viewport);

const setOdds = (selectionId: string, odds: string) => traderSetOdds(url, token, selectionId, odds);

const setMarketStatus = (marketId: string, status: 'OPEN' | 'SUSPENDED') => traderSetMarketStatus(url, token, marketId, status);

/** A bettor made through the API with 100.00 of play money; its token. */
const apiBettor = async () => (await signUpBettor(url, { prefix: 'c' })).token;

/** Places a single through the API and waits out the in-play delay until the bet is OPEN. */
async function openSingle(bettorToken: string, selection: { id: string; odds: string }, stake = '10.00'): Promise<string> {
  const placed = await gql(
    url,
    `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id } } ... on Rejection { code message } } }`,
    { input: { legs: [{ selectionId: selection.id, odds: selection.odds }], stake, idempotencyKey: randomUUID() } },
    bettorToken,
  );
  const betId = placed.data?.placeBet?.bet?.id as string | undefined;
  assert.ok(betId, JSON.stringify(placed));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const read = await gql(url, `query($id: ID!) { bet(id: $id) { status } }`, { id: betId }, bettorToken);
    const status = read.data?.bet?.status;
    if (status === 'OPEN') return betId;
    assert.ok(status === 'PENDING' && Date.now() < deadline, `bet ${betId} did not open: ${JSON.stringify(read)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Asks for an offer through the API, as another tab or client would. */
async function requestCashoutApi(bettorToken: string, betId: string, percent = 100): Promise<{ id: string; amount: string }> {
  const result = await gql(
    url,
    `mutation($b: ID!, $p: Int) { requestCashout(betId: $b, percent: $p) { __typename ... on CashoutOffer { id amount } ... on Rejection { code message } } }`,
    { b: betId, p: percent },
    bettorToken,
  );
  assert.equal(result.data?.requestCashout?.__typename, 'CashoutOffer', JSON.stringify(result));
  return result.data.requestCashout;
}

/** Opens the ticket and waits until it follows the bet live and shows the live cashout value. */
async function gotoTicket(page: Page, betId: string, value: string): Promise<void> {
  const response = await page.goto(`${url}/bets/${betId}`);
  assert.equal(response?.status(), 200);
  await page.locator(`[data-testid="bet-ticket"][data-bet-id="${betId}"][data-live-ready="true"]`).waitFor();
  await cashoutValue(page, value);
}

/** Waits until the panel's live value reads `amount`. */
async function cashoutValue(page: Page, amount: string): Promise<void> {
  await page.locator(`[data-testid="cashout-value"][data-amount="${amount}"]`).waitFor();
}

/** Moves the share slider with the keyboard, one step per press, as a screen-reader user would. */
async function slideTo(page: Page, percent: number): Promise<void> {
  const slider = page.locator('[data-testid="cashout-slider"]');
  await slider.focus();
  await page.keyboard.press('End');
  for (let i = 100; i > percent; i--) await page.keyboard.press('ArrowLeft');
  assert.equal(await slider.inputValue(), String(percent));
}

describe('cash out in the browser', { timeout: 240_000 }, () => {
  before(async () => {
    ({ url, trader: token } = app);
  });

  test('on a phone, the value moves with the odds, half is cashed out with the slider, then the rest, and the balance follows', async () => {
    const viewport = VIEWPORTS.phone;
    const event = await createLiveEvent(url, token, 'Gorseway Albion', 'Hartwell Rovers');
    const home = event.markets[0].selections[0];
    const bettor = await apiBettor();
    const betId = await openSingle(bettor, home);
    const opened = await open(viewport);
    const { page, context } = opened;
    await signInContext(context, url, bettor);

    // 10.00 at 2.10 with the odds unchanged: 10.00 x 2.10 / 2.10 x 0.95 = 9.50.
    await gotoTicket(page, betId, '9.50');
    await markDocument(page);
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '90.00' }).waitFor();
    assert.equal(await text(page, 'cashout-request'), 'Cash out 9.50');
    await assertTall(page, byTestId('cashout-request'));
    await assertTall(page, byTestId('cashout-slider'));
    await assertTall(page, byTestId('cashout-quick-50'));

    // The price shortens: the value rises without a reload. 10.00 x 2.10 / 1.50 x 0.95 = 13.30.
    await setOdds(home.id, '1.50');
    await cashoutValue(page, '13.30');
    assert.equal(await text(page, 'cashout-request'), 'Cash out 13.30');

    // Half with the slider: 5.00 of the stake, worth about 6.65.
    await slideTo(page, 50);
    assert.equal(await text(page, 'cashout-percent'), '50%');
    assert.equal(await text(page, 'cashout-stake-part'), '5.00');
    assert.equal(await text(page, 'cashout-estimate'), '6.65');
    assert.equal(await text(page, 'cashout-request'), 'Cash out 6.65');
    await assertNoOverflow(page, 'ticket with the cash-out panel', viewport);
    await screenshot(page, 'cashout-slider-phone');
    await page.locator('[data-testid="cashout-request"]').click();

    // A firm offer with a 30-second ring that runs down.
    const offer = page.locator('[data-testid="cashout-offer"]');
    await offer.waitFor();
    assert.equal(await offer.getAttribute('data-percent'), '50');
    assert.equal(await text(page, 'cashout-offer-amount'), '6.65');
    const ring = page.locator('[data-testid="cashout-countdown"]');
    const firstSeconds = Number(await ring.getAttribute('data-seconds'));
    assert.ok(firstSeconds >= 28 && firstSeconds <= 30, `the ring starts near 30 s (got ${firstSeconds})`);
    assert.equal(await ring.getAttribute('role'), 'timer');
    await assertTall(page, byTestId('cashout-accept'));
    await assertTall(page, byTestId('cashout-decline'));
    await assertNoOverflow(page, 'ticket with an offer', viewport);
    await screenshot(page, 'cashout-offer-phone');
    await offer.scrollIntoViewIfNeeded();
    await screenshot(page, 'cashout-offer-phone-viewport', { fullPage: false });
    await page.waitForFunction((start) => Number(document.querySelector('[data-testid="cashout-countdown"]')?.getAttribute('data-seconds')) < start, firstSeconds, {
      timeout: 3000,
    });

    // Accept: the stake halves, the payout shows what was paid, the balance goes up by 6.65.
    await page.locator('[data-testid="cashout-accept"]').click();
    // Said once, in the panel's notice line (no toast over the page).
    await page.locator('[data-testid="cashout-notice"][data-kind="success"]', { hasText: 'Cashed out 6.65' }).waitFor();
    await offer.waitFor({ state: 'detached' });
    await page.locator('[data-testid="bet-stake"]', { hasText: '5.00' }).waitFor();
    assert.equal(await text(page, 'bet-payout'), '6.65');
    assert.equal(await text(page, 'bet-potential-payout'), '10.50');
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '96.65' }).waitFor();
    assert.equal(await page.locator('[data-testid="bet-ticket"]').getAttribute('data-status'), 'OPEN');

    // The rest: the value is asked again for the new stake, 5.00 x 2.10 / 1.50 x 0.95 = 6.65.
    await cashoutValue(page, '6.65');
    assert.equal(await page.locator('[data-testid="cashout-slider"]').inputValue(), '100', 'the slider is back at the whole bet');
    assert.equal(await text(page, 'cashout-request'), 'Cash out 6.65');
    await page.locator('[data-testid="cashout-request"]').click();
    await offer.waitFor();
    assert.equal(await offer.getAttribute('data-percent'), '100');
    assert.equal(await text(page, 'cashout-offer-amount'), '6.65');
    await page.locator('[data-testid="cashout-accept"]').click();
    await page.locator('[data-testid="bet-ticket"][data-status="CASHED_OUT"]').waitFor();
    assert.equal(await page.locator('[data-testid="cashout-panel"]').count(), 0, 'a cashed-out bet has no cash-out panel');
    assert.equal(await text(page, 'cashout-done'), 'Cashed out for 13.30');
    assert.equal(await text(page, 'bet-payout'), '13.30');
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '103.30' }).waitFor();

    // The ticket said it (its note and the panel's line): the bet updates that followed added no toasts.
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await page.locator('[data-testid="toast"]').count(), 0);
    assert.equal(await stillSameDocument(page), true, 'the ticket did not reload');
    await assertNoOverflow(page, 'cashed-out ticket', viewport);
    await screenshot(page, 'cashout-done-phone');
    assertNoPageErrors(opened);
  });

  test('Decline hides an offer, an offer left alone disappears when its 30 seconds run out, and an offer another client replaced is still paid at its amount', async () => {
    const event = await createLiveEvent(url, token, 'Ivybridge Town', 'Jarrow Park');
    const home = event.markets[0].selections[0];
    const bettor = await apiBettor();
    const betId = await openSingle(bettor, home);
    const opened = await open();
    const { page, context } = opened;
    // The page's clock is Playwright's, so the test can move it past the offer's 30 seconds.
    await context.clock.install();
    await signInContext(context, url, bettor);
    await gotoTicket(page, betId, '9.50');

    const offer = page.locator('[data-testid="cashout-offer"]');
    await page.locator('[data-testid="cashout-request"]').click();
    await offer.waitFor();
    await page.locator('[data-testid="cashout-decline"]').click();
    await offer.waitFor({ state: 'detached' });
    await page.locator('[data-testid="cashout-request"]').waitFor();

    // An offer nobody answers: once the page's clock passes its 30 seconds it goes by itself.
    await page.locator('[data-testid="cashout-request"]').click();
    await offer.waitFor();
    // Eight seconds left: the ring is mostly empty and amber.
    await page.clock.setSystemTime(Date.now() + 22_000);
    await page.locator('[data-testid="cashout-countdown"][data-urgency="low"]').waitFor();
    await screenshot(page, 'cashout-offer-ending-phone', { fullPage: false });
    await page.clock.setSystemTime(Date.now() + 31_000);
    await offer.waitFor({ state: 'detached' });
    await page.locator('[data-testid="cashout-notice"]', { hasText: 'Ask for a new one' }).waitFor();
    assert.equal(await page.locator('[data-testid="bet-ticket"]').getAttribute('data-status'), 'OPEN');

    // Another client asks for an offer on the same bet: the one on screen is still good for its
    // amount while the bet is worth that much.
    await page.locator('[data-testid="cashout-request"]').click();
    await offer.waitFor();
    await requestCashoutApi(bettor, betId);
    await page.locator('[data-testid="cashout-accept"]').click();
    await page.locator('[data-testid="bet-ticket"][data-status="CASHED_OUT"]').waitFor();
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '99.50' }).waitFor();
    assert.equal(await page.locator('[data-testid="toast"]').count(), 0);
    assertNoPageErrors(opened);
  });

  test('a move updates the value in place with a cue; a part offer holds still and is paid at its amount, a whole-bet offer follows the value without a new countdown; a suspended market makes cash out unavailable until it reopens', async () => {
    const event = await createLiveEvent(url, token, 'Kingsmead United', 'Lowfield Athletic');
    const home = event.markets[0].selections[0];
    const bettor = await apiBettor();
    const betId = await openSingle(bettor, home);
    const opened = await open();
    const { page, context } = opened;
    await signInContext(context, url, bettor);
    await gotoTicket(page, betId, '9.50');

    // Half is offered at 4.75; the price shortens to 2.00 and the value rises to 9.97 in place,
    // with an up cue. The part offer on screen holds still, and accepting it pays 4.75 (the half is
    // worth 4.98 now: the house pays what the bettor accepted).
    await page.locator('[data-testid="cashout-quick-50"]').click();
    assert.equal(await text(page, 'cashout-request'), 'Cash out 4.75');
    await page.locator('[data-testid="cashout-request"]').click();
    const offer = page.locator('[data-testid="cashout-offer"]');
    await offer.waitFor();
    assert.equal(await offer.locator('[data-testid="cashout-offer-amount"]').getAttribute('data-amount'), '4.75');
    const firstOfferId = await offer.getAttribute('data-offer-id');
    await setOdds(home.id, '2.00');
    await page.locator('[data-testid="cashout-value"][data-amount="9.97"][data-direction="up"]').waitFor();
    assert.equal(await offer.getAttribute('data-offer-id'), firstOfferId);
    assert.equal(await offer.locator('[data-testid="cashout-offer-amount"]').getAttribute('data-amount'), '4.75');
    assert.equal(await page.locator('[data-testid="toast"]').count(), 0, 'no notification for a move');
    await page.locator('[data-testid="cashout-accept"]').click();
    await page.locator('[data-testid="cashout-notice"]', { hasText: 'Cashed out 4.75' }).waitFor();
    await page.locator('[data-testid="bet-stake"]', { hasText: '5.00' }).waitFor();
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '94.75' }).waitFor();

    // The rest, 5.00 x 2.10 / 2.00 x 0.95 = 4.98: the offer follows the value down in place
    // (5.00 x 2.10 / 2.20 x 0.95 = 4.53) and its countdown keeps running rather than starting again.
    await cashoutValue(page, '4.98');
    await page.locator('[data-testid="cashout-request"]').click();
    await offer.waitFor();
    const ring = page.locator('[data-testid="cashout-countdown"]');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="cashout-countdown"]')?.getAttribute('data-seconds')) <= 27, null, { timeout: 10_000 });
    const secondsBefore = Number(await ring.getAttribute('data-seconds'));
    await setOdds(home.id, '2.20');
    await page.locator('[data-testid="cashout-offer-amount"][data-amount="4.53"][data-direction="down"]').waitFor();
    await cashoutValue(page, '4.53');
    assert.ok(Number(await ring.getAttribute('data-seconds')) <= secondsBefore, 'the countdown did not start again');
    assert.equal(await page.locator('[data-testid="toast"]').count(), 0, 'no notification for a move');
    await page.locator('[data-testid="cashout-decline"]').click();
    await offer.waitFor({ state: 'detached' });

    // Suspended: no value and no button; reopened: the value is back.
    await cashoutValue(page, '4.53');
    await setMarketStatus(event.markets[0].id, 'SUSPENDED');
    const unavailable = page.locator('[data-testid="cashout-unavailable"]');
    await unavailable.waitFor();
    assert.match(await unavailable.innerText(), /Cash out unavailable — market suspended/);
    assert.equal(await page.locator('[data-testid="cashout-request"]').isDisabled(), true);
    await screenshot(page, 'cashout-suspended-phone');
    await setMarketStatus(event.markets[0].id, 'OPEN');
    await cashoutValue(page, '4.53');
    assert.equal(await page.locator('[data-testid="cashout-request"]').isDisabled(), false);
    assertNoPageErrors(opened);
  });

  test('accepting after a fall went unseen answers the new value on the Accept button with a fresh countdown, said once in the panel', async () => {
    const event = await createLiveEvent(url, token, 'Millbrook Town', 'Northgate City');
    const home = event.markets[0].selections[0];
    const bettor = await apiBettor();
    const betId = await openSingle(bettor, home);
    const opened = await open();
    const { page, context } = opened;
    // Live offers would replace the offer on screen (see the test above); without them the server
    // finds the odds moved only when the offer is accepted.
    await page.routeWebSocket(/\/graphql$/, (ws) => {
      const upstream = ws.connectToServer();
      ws.onMessage((message) => {
        if (typeof message === 'string' && message.includes('cashoutOffered')) return;
        upstream.send(message);
      });
    });
    await signInContext(context, url, bettor);
    const response = await page.goto(`${url}/bets/${betId}`);
    assert.equal(response?.status(), 200);
    await page.locator('[data-testid="bet-ticket"][data-live-ready="true"]').waitFor();

    await page.locator('[data-testid="cashout-request"]').click();
    const offer = page.locator('[data-testid="cashout-offer"]');
    await offer.waitFor();
    assert.equal(await text(page, 'cashout-offer-amount'), '9.50');
    const firstOfferId = await offer.getAttribute('data-offer-id');
    // 10.00 x 2.10 / 2.50 x 0.95 = 7.98: a fall, which needs the bettor's word again.
    await setOdds(home.id, '2.50');
    await page.locator(`[data-testid="leg-current-odds"]`, { hasText: '2.50' }).waitFor();
    await page.locator('[data-testid="cashout-accept"]').click();
    await page.locator('[data-testid="cashout-notice"]', { hasText: 'The value fell to 7.98' }).waitFor();
    await page.locator('[data-testid="cashout-offer-amount"][data-amount="7.98"]').waitFor();
    assert.equal(await text(page, 'cashout-accept'), 'Accept 7.98');
    assert.equal(await page.locator('[data-testid="toast"]').count(), 0);
    assert.notEqual(await offer.getAttribute('data-offer-id'), firstOfferId);
    const seconds = Number(await page.locator('[data-testid="cashout-countdown"]').getAttribute('data-seconds'));
    assert.ok(seconds >= 28, `the fresh offer has a fresh countdown (got ${seconds})`);
    await page.locator('[data-testid="cashout-accept"]').click();
    await page.locator('[data-testid="bet-ticket"][data-status="CASHED_OUT"]').waitFor();
    assert.equal(await text(page, 'cashout-done'), 'Cashed out for 7.98');
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '97.98' }).waitFor();
    assertNoPageErrors(opened);
  });

  test('auto cash-out: a target set on the ticket fires when the odds move past it, and the ticket shows it without a reload', async () => {
    const event = await createLiveEvent(url, token, 'Oakham Forest', 'Pendle Vale');
    const home = event.markets[0].selections[0];
    const bettor = await apiBettor();
    const betId = await openSingle(bettor, home);
    const opened = await open();
    const { page, context } = opened;
    await signInContext(context, url, bettor);
    await gotoTicket(page, betId, '9.50');
    await markDocument(page);

    // A target can be set, replaced and cleared.
    assert.equal(await text(page, 'auto-cashout-current'), 'Off');
    await page.locator('[data-testid="auto-cashout-input"]').fill('0');
    await page.locator('[data-testid="auto-cashout-set"]').click();
    await page.locator('[data-testid="auto-cashout-message"]', { hasText: 'above zero' }).waitFor();
    // Above what the bet can ever be worth (21.00 less the 5% margin): refused, saying the highest.
    await page.locator('[data-testid="auto-cashout-input"]').fill('50');
    await page.locator('[data-testid="auto-cashout-set"]').click();
    const tooHigh = page.locator('[data-testid="auto-cashout-message"][data-max-target="19.95"]');
    await tooHigh.waitFor();
    assert.match(await tooHigh.innerText(), /at most 19\.95/);
    assert.equal(await tooHigh.getAttribute('role'), 'alert');
    assert.equal(await text(page, 'auto-cashout-current'), 'Off');
    await page.locator('[data-testid="auto-cashout-input"]').fill('19.95');
    await page.locator('[data-testid="auto-cashout-set"]').click();
    await page.locator('[data-testid="auto-cashout-current"][data-target="19.95"]').waitFor();
    await page.locator('[data-testid="auto-cashout-clear"]').click();
    await page.locator('[data-testid="auto-cashout-current"][data-target=""]').waitFor();
    await page.locator('[data-testid="auto-cashout-input"]').fill('12');
    await page.locator('[data-testid="auto-cashout-set"]').click();
    await page.locator('[data-testid="auto-cashout-current"][data-target="12.00"]').waitFor();
    assert.match(await text(page, 'auto-cashout-message'), /Auto cash-out set at 12\.00/);
    await screenshot(page, 'cashout-auto-target-phone');

    // 10.00 x 2.10 / 1.60 x 0.95 = 12.46, past the target: the server cashes out by itself.
    await setOdds(home.id, '1.60');
    await page.locator('[data-testid="bet-ticket"][data-status="CASHED_OUT"]').waitFor();
    const auto = page.locator('[data-testid="toast"][data-tag="auto-cashout"]');
    await auto.waitFor();
    assert.match(await auto.innerText(), /Auto cash-out at 12\.46/);
    assert.equal(await text(page, 'cashout-done'), 'Cashed out for 12.46');
    await page.locator('[data-testid="header-balance-amount"]', { hasText: '102.46' }).waitFor();
    assert.equal(await page.locator('[data-testid="toast"][data-tag="bet-cashed-out"]').count(), 0, 'one toast, not two');
    assert.equal(await stillSameDocument(page), true, 'the ticket did not reload');
    assertNoPageErrors(opened);
  });

  test('My bets shows the live cash-out value of each open bet and follows the odds', async () => {
    const viewport = VIEWPORTS.phone;
    const event = await createLiveEvent(url, token, 'Queensbury Wanderers', 'Redcliffe Borough');
    const [home, draw] = event.markets[0].selections;
    const bettor = await apiBettor();
    const homeBet = await openSingle(bettor, home);
    const drawBet = await openSingle(bettor, draw, '5.00');
    const opened = await open(viewport);
    const { page, context } = opened;
    await signInContext(context, url, bettor);
    await page.goto(`${url}/bets`);
    await page.locator('[data-testid="bets-live"][data-live-ready="true"]').waitFor();

    const badge = (betId: string, amount: string) =>
      page.locator(`[data-testid="bet-row"][data-bet-id="${betId}"] [data-testid="bet-row-cashout"][data-amount="${amount}"]`);
    // 10.00 at 2.10 is worth 9.50; 5.00 at 3.20 is worth 4.75.
    await badge(homeBet, '9.50').waitFor();
    await badge(drawBet, '4.75').waitFor();
    // 5.00 x 3.20 / 4.00 x 0.95 = 3.80.
    await setOdds(draw.id, '4.00');
    await badge(drawBet, '3.80').waitFor();
    assert.equal(await badge(homeBet, '9.50').count(), 1);
    await assertNoOverflow(page, 'my bets with cash-out values', viewport);
    await screenshot(page, 'cashout-bets-phone');

    // A partial cashout elsewhere (the API here) lowers the stake; the row's value follows.
    const quoted = await requestCashoutApi(bettor, homeBet, 50);
    const accepted = await gql(url, `mutation($id: ID!) { acceptCashout(offerId: $id) { __typename } }`, { id: quoted.id }, bettor);
    assert.equal(accepted.data?.acceptCashout?.__typename, 'CashoutAccepted', JSON.stringify(accepted));
    await badge(homeBet, '4.75').waitFor();
    await page.locator('[data-testid="toast"][data-tag="bet-cashed-out"]').waitFor();

    // A suspended market has no value; reopened, the values come back.
    const anyBadge = page.locator('[data-testid="bet-row-cashout"]');
    await setMarketStatus(event.markets[0].id, 'SUSPENDED');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="bet-row-cashout"]').length === 0);
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(await anyBadge.count(), 0, 'no value while the market is suspended');
    await setMarketStatus(event.markets[0].id, 'OPEN');
    await badge(homeBet, '4.75').waitFor();
    await badge(drawBet, '3.80').waitFor();
    assertNoPageErrors(opened);
  });
});
