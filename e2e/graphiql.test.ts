import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, screenshot } from './support/browser';
import { createTestDatabase, type TestDatabase } from './support/services';
import { createLiveEvent, gql, startTestServer, traderToken } from './support/server';

// Developers explore the API in GraphiQL; a subscription typed there must stream live updates.
describe('GraphiQL', () => {
  let database: TestDatabase;
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ databaseUrl: database.url });
    browser = await launchBrowser();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  it('opens with the example operation and runs it', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/graphql`);
    await page.locator('.graphiql-execute-button').waitFor();
    await page.locator('.graphiql-query-editor .view-lines', { hasText: 'query LiveEvents' }).waitFor();
    // Example tabs for a query, a mutation and a subscription.
    for (const name of ['LiveEvents', 'SignIn', 'WatchOdds']) await page.locator('.graphiql-tab', { hasText: name }).first().waitFor();
    await page.locator('.graphiql-execute-button').click();
    await page.locator('.result-window', { hasText: '"events"' }).waitFor({ timeout: 10_000 });
    await page.close();
  });

  it('streams odds changes to a subscription run in the editor', async () => {
    const trader = await traderToken(server.url);
    const event = await createLiveEvent(server.url, trader);
    const selection = event.markets[0].selections[0];
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${server.url}/graphql`);
    const editor = page.locator('.graphiql-query-editor');
    await editor.waitFor();
    await editor.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    // insertText avoids the editor's auto-closing of brackets that typing key by key would trigger.
    await page.keyboard.insertText(
      `subscription StreamOddsUnderTest { oddsChanged(eventId: "${event.id}") { markets { selections { id odds previousOdds } } } }`,
    );
    // GraphiQL parses the editor after a pause; run once it knows the new operation's name.
    await page.locator('.graphiql-tab-active', { hasText: 'StreamOddsUnderTest' }).waitFor();
    await page.locator('.graphiql-execute-button').click();
    // Wait until the server counts the subscriber in the room, then move the price.
    const deadline = Date.now() + 10_000;
    while ((await gql(server.url, `query($id: ID!) { event(id: $id) { participants } }`, { id: event.id })).data.event.participants < 1) {
      if (Date.now() > deadline) await screenshot(page, 'graphiql-subscription-failed');
      assert.ok(Date.now() < deadline, 'GraphiQL subscription never reached the server');
      await new Promise((r) => setTimeout(r, 100));
    }
    await gql(server.url, `mutation($id: ID!) { setOdds(selectionId: $id, odds: "2.75") { id } }`, { id: selection.id }, trader);
    await page.locator('.result-window', { hasText: '"2.75"' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'graphiql-subscription');
    await page.close();
  });
});
