/**
 * The developers page in real Chromium against a real server (built Next app, Postgres, Redis,
 * feed off): a partner creates an API key (shown once), uses it from outside the browser, revokes
 * it, registers a webhook to a local receiver and watches a settled bet's delivery arrive in the
 * history. Needs `npx next build` first.
 */
import assert from 'node:assert/strict';
import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server as HttpServer } from 'node:http';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, signInContext, VIEWPORTS } from './support/browser';
import { assertNoOverflow, assertNoPageErrors, textOf, useBrowserApp } from './support/browser-app';
import { eventually } from './support/processes';
import { createLiveEvent, gql, signUpBettor } from './support/server';

let trader: string;
let url: string;
const app = useBrowserApp({ INPLAY_DELAY_MS: '0', WEBHOOK_ALLOW_LOOPBACK: 'on' });
let receiver: HttpServer;
let receiverUrl: string;
const received: Array<{ body: string; signature: string; delivery: string }> = [];

/** A fresh page at the viewport. */
const open = (viewport: { width: number; height: number }) => app.open(viewport);

/** A bettor made through the API with 20.00 of play money. */
const apiBettor = () => signUpBettor(url, { deposit: '20.00', prefix: 'dev' });

/** What a partner's program would send: the key in X-Api-Key, no cookie. */
async function asKey(key: string, query: string): Promise<{ data?: any; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', 'x-api-key': key },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: any; errors?: unknown[] };
}

/** Every visible button on the page is at least 44 px tall (a finger's width). */
async function assertTapTargets(page: Page): Promise<void> {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="developers-page"] button, [data-testid="developers-page"] a.button')]
      .filter((b) => (b as HTMLElement).offsetParent !== null)
      .map((b) => ({ text: b.textContent?.trim(), height: b.getBoundingClientRect().height }))
      .filter((b) => b.height < 44),
  );
  assert.deepEqual(small, [], 'buttons smaller than 44 px');
}

describe('developers page', { timeout: 240_000 }, () => {
  before(async () => {
    ({ url, trader } = app);
    // The webhook receiver runs on this machine, which only development allows.
    // A partner's webhook receiver: records what it gets and answers 204.
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ body, signature: String(req.headers['x-sportsbook-signature']), delivery: String(req.headers['x-sportsbook-delivery']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', () => resolve()));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/hook`;
  });

  after(async () => {
    await new Promise((resolve) => receiver?.close(resolve));
  });

  test('is for signed-in users: signed out it sends you to sign in and back', async () => {
    const { page } = await open(VIEWPORTS.phone);
    await page.goto(`${url}/developers`);
    await page.waitForURL(`${url}/sign-in?next=%2Fdevelopers`);
  });

  test('a partner creates a key shown once, uses and revokes it, and sees a webhook delivery on a phone', async () => {
    const viewport = VIEWPORTS.phone;
    const bettor = await apiBettor();
    const opened = await open(viewport);
    const { page, context } = opened;
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
    await signInContext(context, url, bettor.token);
    const response = await page.goto(`${url}/developers`);
    assert.equal(response?.status(), 200);
    await page.locator('[data-testid="developers-page"]').waitFor();
    await page.locator('[data-testid="api-keys-empty"]').waitFor();
    assert.equal(await textOf(page, '[data-testid="api-endpoint"]'), `${url}/graphql`);
    assert.match(await textOf(page, '[data-testid="api-ws-init"]'), /"apiKey": "<key>"/);
    assert.equal(await page.locator('[data-testid="graphiql-link"]').getAttribute('href'), '/graphql');

    // Create a key with both scopes: the whole key is shown once, with a warning.
    await page.locator('[data-testid="api-key-name"]').fill('Integration test');
    assert.equal(await page.locator('[data-testid="api-key-scope-READ"]').isChecked(), true, 'READ is the default');
    await page.locator('[data-testid="api-key-scope-BET"]').check();
    await page.locator('[data-testid="api-key-create"]').click();
    const secret = page.locator('[data-testid="api-key-secret-value"]');
    await secret.waitFor();
    const key = (await secret.textContent())?.trim() ?? '';
    assert.match(key, /^sbk_[0-9a-f]{12}_/);
    assert.match(await textOf(page, '[data-testid="api-key-secret-warning"]'), /won’t see it again/);
    const row = page.locator('[data-testid="api-key-row"]');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.equal(await textOf(page, '[data-testid="api-key-prefix"]'), `${key.slice(0, 'sbk_'.length + 12)}_…`);
    assert.equal(await textOf(page, '[data-testid="api-key-status"]'), 'Active');
    assert.match(await textOf(page, '[data-testid="api-key-row"]'), /READ.*BET/);
    await page.locator('[data-testid="api-key-secret-copy"]').click();
    await page.locator('[data-testid="api-key-secret-copy"]', { hasText: 'Copied' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), key, 'Copy puts the whole key on the clipboard');
    // The long key wraps inside its box: nothing on the page is wider than the phone.
    await assertNoOverflow(page, 'developers page with a new key', viewport);
    await screenshot(page, 'developers-key-created-phone', { fullPage: false });

    // The key works from outside the browser, as the partner's program would use it.
    const asPartner = await asKey(key, '{ viewer { username } }');
    assert.equal(asPartner.data?.viewer?.username, bettor.username, JSON.stringify(asPartner));

    // Shown once: after a reload the page no longer has it anywhere.
    await page.reload();
    await page.locator('[data-testid="api-key-row"]').first().waitFor();
    assert.equal(await page.locator('[data-testid="api-key-secret"]').count(), 0);
    assert.equal((await page.content()).includes(key), false, 'the whole key is not in the page again');
    assert.notEqual(await textOf(page, '[data-testid="api-key-last-used"]'), 'Never', 'the key has been used');

    // Revoke asks first; cancel keeps the key, confirm revokes it.
    await page.locator('[data-testid="api-key-revoke"]').click();
    await page.locator('[data-testid="api-key-confirm"]').waitFor();
    await page.locator('[data-testid="api-key-revoke-cancel"]').click();
    await page.locator('[data-testid="api-key-confirm"]').waitFor({ state: 'detached' });
    assert.equal((await asKey(key, '{ viewer { username } }')).data?.viewer?.username, bettor.username, 'cancel keeps the key working');
    await page.locator('[data-testid="api-key-revoke"]').click();
    await page.locator('[data-testid="api-key-revoke-confirm"]').click();
    await page.locator('[data-testid="api-key-row"][data-revoked="true"]').waitFor();
    assert.equal(await textOf(page, '[data-testid="api-key-status"]'), 'Revoked');
    assert.equal(await page.locator('[data-testid="api-key-revoke"]').count(), 0, 'a revoked key has nothing left to revoke');
    const afterRevoke = await asKey(key, '{ viewer { username } }');
    assert.equal(afterRevoke.data?.viewer, null, JSON.stringify(afterRevoke));

    // A webhook must be https (http only for localhost); the signing secret is shown once.
    await page.locator('[data-testid="webhook-url"]').fill('http://example.com/hook');
    await page.locator('[data-testid="webhook-create"]').click();
    await page.locator('[data-testid="webhook-message"]', { hasText: 'https' }).waitFor();
    await page.locator('[data-testid="webhook-url"]').fill(receiverUrl);
    await page.locator('[data-testid="webhook-create"]').click();
    const signingSecret = ((await page.locator('[data-testid="webhook-secret-value"]').textContent()) ?? '').trim();
    assert.match(signingSecret, /^whsec_/);
    await page.locator('[data-testid="webhook"]').waitFor();
    assert.equal(await textOf(page, '[data-testid="webhook-url-text"]'), receiverUrl);
    await page.locator('[data-testid="deliveries-empty"]').waitFor();
    await page.locator('[data-testid="webhook-secret-done"]').click();
    await page.locator('[data-testid="webhook-secret"]').waitFor({ state: 'detached' });

    // The bettor's bet is settled by the trader: the receiver gets a signed delivery.
    const event = await createLiveEvent(url, trader, 'Harbour Rovers', 'Millbrook United');
    const market = event.markets[0];
    const placed = await gql(
      url,
      `mutation($s: ID!, $k: String!) { placeBet(input: { legs: [{ selectionId: $s, odds: "2.10" }], stake: "2.00", idempotencyKey: $k }) { __typename ... on BetPlaced { bet { id } } } }`,
      { s: market.selections[0].id, k: randomUUID() },
      bettor.token,
    );
    const betId = placed.data?.placeBet?.bet?.id as string | undefined;
    assert.ok(betId, JSON.stringify(placed));
    await eventually(async () => (await gql(url, `query($id: ID!) { bet(id: $id) { status } }`, { id: betId }, bettor.token)).data?.bet?.status === 'OPEN', 15_000, 'the bet accepted');
    const settled = await gql(
      url,
      `mutation($m: ID!, $r: [SelectionResultInput!]!) { settleMarket(marketId: $m, results: $r) { id status } }`,
      { m: market.id, r: market.selections.map((s, i) => ({ selectionId: s.id, result: i === 0 ? 'WON' : 'LOST' })) },
      trader,
    );
    assert.ok(settled.data?.settleMarket, JSON.stringify(settled));
    await eventually(() => received.length >= 1, 15_000, 'the webhook delivery');
    const [, t, v1] = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(received[0].signature) ?? [];
    assert.ok(t && v1, `signature header ${received[0].signature}`);
    assert.equal(createHmac('sha256', signingSecret).update(`${t}.${received[0].body}`).digest('hex'), v1, 'the signature verifies with the secret shown once');
    assert.equal(JSON.parse(received[0].body).betId, betId);

    // Refresh shows it in the history as delivered.
    const delivered = page.locator(`[data-testid="delivery-row"][data-status="DELIVERED"][data-bet-id="${betId}"]`);
    await eventually(
      async () => {
        await page.locator('[data-testid="webhook-refresh"]:not([disabled])').click();
        await page.locator('[data-testid="webhook-refresh"]:not([disabled])').waitFor();
        return (await delivered.count()) === 1;
      },
      15_000,
      'the delivery shown as DELIVERED',
    );
    assert.equal(await textOf(page, '[data-testid="delivery-status"]'), 'DELIVERED');
    assert.equal(await textOf(page, '[data-testid="delivery-attempts"]'), '1');
    assert.equal(await textOf(page, '[data-testid="delivery-last-response"]'), 'HTTP 204');

    await assertNoOverflow(page, 'developers page', viewport);
    await assertTapTargets(page);
    await screenshot(page, 'developers-phone');
    await delivered.scrollIntoViewIfNeeded();
    await screenshot(page, 'developers-deliveries-phone', { fullPage: false });

    // The same history on a desktop is a table.
    const desktop = await open(VIEWPORTS.desktop);
    await signInContext(desktop.context, url, bettor.token);
    await desktop.page.goto(`${url}/developers`);
    await desktop.page.locator(`[data-testid="delivery-row"][data-status="DELIVERED"]`).waitFor();
    await assertNoOverflow(desktop.page, 'developers page on a desktop', VIEWPORTS.desktop);
    await screenshot(desktop.page, 'developers-desktop');

    // Deleting asks first, then the webhook is gone.
    await page.locator('[data-testid="webhook-delete"]').click();
    await page.locator('[data-testid="webhook-delete-confirm"]').click();
    await page.locator('[data-testid="webhooks-empty"]').waitFor();
    const hooks = await gql(url, '{ viewer { webhooks { id } } }', {}, bettor.token);
    assert.deepEqual(hooks.data?.viewer?.webhooks, []);

    assertNoPageErrors(opened, { notFoundPages: true });
    assertNoPageErrors(desktop, { notFoundPages: true });
  });
});
