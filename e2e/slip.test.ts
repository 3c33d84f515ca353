/**
 * The slip's odds-change policies, stake limits and in-place rejections, and the honest money lines
 * of decided bets, in real Chromium against a real server (built Next app, Postgres, Redis) with the
 * feed off, at a desktop and a phone size. Needs `npx next build` first.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { BOTH_SIZES } from './support/browser';
import { gotoEventPage, openSlip, pick, text, useBrowserApp } from './support/browser-app';
import { createLiveEvent, gql, signUpBettor, traderSetMarketStatus, traderSetOdds } from './support/server';

type CreatedEvent = Awaited<ReturnType<typeof createLiveEvent>>;

/** Long enough to move a price while the bet waits. */
const INPLAY_DELAY_MS = 2500;

let token: string;
let url: string;
const app = useBrowserApp({ INPLAY_DELAY_MS: String(INPLAY_DELAY_MS) });

/** A fresh page at the viewport, signed in as the bettor when given. */
const open = (viewport: { width: number; height: number }, bettorToken?: string) => app.open(viewport, { token: bettorToken });

async function placeApi(bettorToken: string, selectionId: string, odds: string, stake: string): Promise<{ id: string; status: string }> {
  const result = await gql(
    url,
    `mutation($input: PlaceBetInput!) { placeBet(input: $input) { __typename ... on BetPlaced { bet { id status } } ... on UserError { code message } } }`,
    { input: { legs: [{ selectionId, odds }], stake, idempotencyKey: `${selectionId}-${stake}-${Math.random()}` } },
    bettorToken,
  );
  assert.equal(result.data?.placeBet?.__typename, 'BetPlaced', JSON.stringify(result));
  return result.data.placeBet.bet;
}

async function betStatus(bettorToken: string, betId: string): Promise<string> {
  const result = await gql(url, `query($id: ID!) { bet(id: $id) { status } }`, { id: betId }, bettorToken);
  return result.data?.bet?.status;
}

async function waitForStatus(bettorToken: string, betId: string, status: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while ((await betStatus(bettorToken, betId)) !== status) {
    if (Date.now() > deadline) throw new Error(`bet ${betId} never became ${status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function settle(market: CreatedEvent['markets'][number], results: Array<'WON' | 'LOST' | 'VOID'>): Promise<void> {
  const result = await gql(
    url,
    `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id status } }`,
    { m: market.id, r: market.selections.map((s, i) => ({ selectionId: s.id, result: results[i] })) },
    token,
  );
  assert.equal(result.data?.settleMarket?.status, 'SETTLED', JSON.stringify(result));
}

describe('the bet slip and what decided bets say they paid', { timeout: 300_000 }, () => {
  before(async () => {
    ({ url, trader: token } = app);
  });

  for (const [size, viewport] of Object.entries(BOTH_SIZES)) {
    test(`the slip offers three odds-change policies and remembers the bettor's choice after a reload (${size})`, async () => {
      const event = await createLiveEvent(url, token, `Policy ${size} A`, `Policy ${size} B`);
      const [home] = event.markets[0].selections;
      const bettor = await signUpBettor(url, { deposit: '50.00', prefix: 'pol' });
      const { page } = await open(viewport, bettor.token);
      await gotoEventPage(page, url, event.id);
      await pick(page, home.id);
      await openSlip(page);

      // "Accept higher" is the default; each of the three is a radio in one group.
      assert.equal(await page.locator('[data-testid="slip-policy"] input[type="radio"]').count(), 3);
      assert.equal(await page.getByLabel('Accept higher', { exact: true }).isChecked(), true);
      await page.getByLabel('Accept any', { exact: true }).check();

      // With "Accept any" a drop does not ask: the bet can be placed at once.
      await page.locator('[data-testid="slip-stake"]').fill('2');
      await traderSetOdds(url, token, home.id, '1.80');
      await page.locator(`[data-testid="slip-pick"][data-selection-id="${home.id}"][data-changed="true"]`).waitFor();
      assert.equal(await page.locator('[data-testid="slip-odds-change"]').count(), 0);
      assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), false);

      // The choice survives a reload; "Ask me" then makes the same drop ask.
      await page.reload();
      await openSlip(page);
      assert.equal(await page.getByLabel('Accept any', { exact: true }).isChecked(), true);
      await page.getByLabel('Ask me', { exact: true }).check();
      await page.locator('[data-testid="slip-odds-change"]').waitFor();
      assert.match(await text(page, 'slip-odds-change'), /2\.10 → 1\.80/);
      assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true);
      await page.reload();
      await openSlip(page);
      assert.equal(await page.getByLabel('Ask me', { exact: true }).isChecked(), true);
    });

    test(`the slip shows the maximum stake for its selections and refuses a stake above it without showing its payout (${size})`, async () => {
      const event = await createLiveEvent(url, token, `Limits ${size} A`, `Limits ${size} B`);
      const [home] = event.markets[0].selections;
      const bettor = await signUpBettor(url, { deposit: '50.00', prefix: 'lim' });
      const { page } = await open(viewport, bettor.token);
      await gotoEventPage(page, url, event.id);
      await pick(page, home.id);
      await openSlip(page);

      // The server's limits for this selection, as the API answers them to anyone.
      const limits = await gql(url, `query($ids: [ID!]!) { betLimits(selectionIds: $ids) { maxStake minStake } }`, { ids: [home.id] });
      const maxStake: string = limits.data.betLimits.maxStake;
      await page.locator(`[data-testid="slip-max-stake"][data-max="${maxStake}"]`).waitFor();

      await page.locator('[data-testid="slip-stake"]').fill('99999999');
      await page.locator('[data-testid="slip-stake-error"]', { hasText: `The most you can stake on these selections is ${maxStake}` }).waitFor();
      assert.equal(await text(page, 'slip-payout'), '–');
      assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), true);
      assert.equal(await page.locator('[data-testid="slip-stake"]').getAttribute('aria-invalid'), 'true');

      // "Use max" fills the largest stake the server takes; an ordinary stake shows its payout.
      await page.locator('[data-testid="slip-stake-max"]').click();
      assert.equal(await page.locator('[data-testid="slip-stake"]').inputValue(), maxStake);
      assert.equal(await page.locator('[data-testid="slip-stake-error"]').count(), 0);
      await page.locator('[data-testid="slip-stake"]').fill('10');
      assert.equal(await text(page, 'slip-payout'), '21.00');
      assert.equal(await page.locator('[data-testid="slip-place"]').isDisabled(), false);
    });

    test(`an in-play bet rejected during its delay comes back into the slip with the moved price, and one action places it again at the new price (${size})`, async () => {
      const event = await createLiveEvent(url, token, `Again ${size} A`, `Again ${size} B`);
      const [home] = event.markets[0].selections;
      const bettor = await signUpBettor(url, { deposit: '50.00', prefix: 'rej' });
      const { page } = await open(viewport, bettor.token);
      await gotoEventPage(page, url, event.id);
      await pick(page, home.id);
      await openSlip(page);
      await page.getByLabel('Ask me', { exact: true }).check();
      await page.locator('[data-testid="slip-stake"]').fill('5');
      await page.locator('[data-testid="slip-place"]').click();
      await page.locator('[data-testid="toast"][data-tag="bet-placed"]').waitFor();

      // The price drops during the delay: with "Ask me" the server rejects the bet.
      await traderSetOdds(url, token, home.id, '1.95');
      const rejection = page.locator('[data-testid="slip-rejection"][data-code="ODDS_CHANGED"]');
      await rejection.waitFor({ timeout: INPLAY_DELAY_MS + 15_000 });
      const explained = ((await rejection.textContent()) ?? '').replace(/\s+/g, ' ');
      assert.match(explained, /odds of .* changed/);
      assert.match(explained, /Your stake of 5\.00 was returned/);
      assert.match(await text(page, 'slip-rejection-leg'), /2\.10 → 1\.95/);
      await page.locator('[data-testid="header-balance-amount"]', { hasText: '50.00' }).waitFor();

      // One action places it again at 1.95.
      await page.locator('[data-testid="slip-place-again"]', { hasText: 'Place again at 1.95' }).click();
      const placed = page.locator('[data-testid="toast"][data-tag="bet-placed"]', { hasText: '5.00 at 1.95' });
      await placed.waitFor();
      await page.locator('[data-testid="header-balance-amount"]', { hasText: '45.00' }).waitFor();
      assert.equal(await page.locator('[data-testid="slip-rejection"]').count(), 0);
    });

    test(`My bets and the ticket say what each decided bet paid: stake returned for rejected and void, paid for won and lost, cashed out for a cashout (${size})`, async () => {
      const event = await createLiveEvent(url, token, `Paid ${size} A`, `Paid ${size} B`);
      const [home, draw, away] = event.markets[0].selections;
      const [over, under] = event.markets[1].selections;
      const bettor = await signUpBettor(url, { deposit: '100.00', prefix: 'paid' });

      // Rejected: suspended during the in-play delay.
      const rejected = await placeApi(bettor.token, home.id, '2.10', '4.00');
      await traderSetMarketStatus(url, token, event.markets[0].id, 'SUSPENDED');
      await waitForStatus(bettor.token, rejected.id, 'REJECTED');
      await traderSetMarketStatus(url, token, event.markets[0].id, 'OPEN');

      const won = await placeApi(bettor.token, over.id, '1.90', '10.00');
      const lost = await placeApi(bettor.token, under.id, '1.90', '3.00');
      const voided = await placeApi(bettor.token, draw.id, '3.20', '6.00');
      const cashed = await placeApi(bettor.token, away.id, '3.60', '5.00');
      for (const bet of [won, lost, voided, cashed]) await waitForStatus(bettor.token, bet.id, 'OPEN');
      const offer = await gql(url, `mutation($b: ID!) { requestCashout(betId: $b) { __typename ... on CashoutOffer { id amount } } }`, { b: cashed.id }, bettor.token);
      const cashoutAmount: string = offer.data.requestCashout.amount;
      const accepted = await gql(url, `mutation($o: ID!) { acceptCashout(offerId: $o) { __typename } }`, { o: offer.data.requestCashout.id }, bettor.token);
      assert.equal(accepted.data?.acceptCashout?.__typename, 'CashoutAccepted', JSON.stringify(accepted));
      await settle(event.markets[1], ['WON', 'LOST']);
      await settle(event.markets[0], ['LOST', 'VOID', 'LOST']);
      for (const [bet, status] of [[won, 'WON'], [lost, 'LOST'], [voided, 'VOID']] as const) await waitForStatus(bettor.token, bet.id, status);

      const expected: Record<string, string> = {
        [rejected.id]: 'Stake returned 4.00',
        [won.id]: 'Paid 19.00',
        [lost.id]: 'Paid 0.00',
        [voided.id]: 'Stake returned 6.00',
        [cashed.id]: `Cashed out for ${cashoutAmount}`,
      };
      const { page } = await open(viewport, bettor.token);
      await page.goto(`${url}/bets?tab=settled`);
      await page.locator('[data-testid="bets-live"][data-live-ready="true"]').waitFor();
      for (const [betId, line] of Object.entries(expected)) {
        const row = page.locator(`[data-testid="bet-row"][data-bet-id="${betId}"] [data-testid="bet-row-paid"]`);
        assert.equal(((await row.textContent()) ?? '').replace(/\s+/g, ' ').trim(), line);
      }
      assert.equal(await page.getByText('Returned 0.00').count(), 0);

      // The rejected bet's ticket: stake returned, no potential payout.
      await page.goto(`${url}/bets/${rejected.id}`);
      await page.locator('[data-testid="bet-ticket"][data-status="REJECTED"]').waitFor();
      assert.equal(await text(page, 'bet-payout'), '4.00');
      assert.equal(await page.locator('dt', { hasText: 'Stake returned' }).count(), 1);
      assert.equal(await page.locator('[data-testid="bet-potential-payout"]').count(), 0);
    });
  }
});
