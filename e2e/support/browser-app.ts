import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, scrollWidth, signInContext, VIEWPORTS, type TestPage } from './browser';
import { startTestServer, traderToken } from './server';
import { createTestDatabase, type TestDatabase } from './services';

type Viewport = { width: number; height: number };

/** What a browser test works against: the web app on a server and database of its own, and Chromium. */
export interface BrowserApp {
  /** The server's base URL. */
  readonly url: string;
  /** The trader's token: events and prices are made through the trader API, so tests know what pages must show. */
  readonly trader: string;
  /** The server process (to restart it, or read its output). */
  readonly server: Awaited<ReturnType<typeof startTestServer>>;
  readonly browser: Browser;
  /** A page in a fresh context (no shared cookies or sockets), signed in as `token` when given; closed after the tests. */
  open(viewport?: Viewport, options?: { token?: string }): Promise<TestPage>;
}

/**
 * Before the tests of the file (or of the `describe` it is called in): a database of its own, a
 * server with the built web app (`npx next build` first) started with `env` (the feed off unless
 * `env` says otherwise), the trader's token and headless Chromium. After them, every page opened,
 * the browser, the server and the database go away.
 */
export function useBrowserApp(env: Record<string, string> = {}, defaultViewport: Viewport = VIEWPORTS.desktop): BrowserApp {
  let database: TestDatabase | undefined;
  let server: BrowserApp['server'] | undefined;
  let browser: Browser | undefined;
  let trader: string | undefined;
  const pages: TestPage[] = [];
  const started = <T>(value: T | undefined, what: string): T => {
    assert.ok(value !== undefined, `${what} is used before the browser app started (inside a test or hook only)`);
    return value;
  };

  before(async () => {
    database = await createTestDatabase();
    server = await startTestServer({ databaseUrl: database.url, next: true, env: { FEED: 'off', ...env } });
    trader = await traderToken(server.url);
    browser = await launchBrowser();
  });
  after(async () => {
    for (const page of pages) await page.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await database?.drop();
  });

  return {
    get url() {
      return started(server, 'the server').url;
    },
    get trader() {
      return started(trader, "the trader's token");
    },
    get server() {
      return started(server, 'the server');
    },
    get browser() {
      return started(browser, 'the browser');
    },
    async open(viewport = defaultViewport, options = {}) {
      const opened = await openPage(started(browser, 'the browser'), viewport);
      pages.push(opened);
      if (options.token) await signInContext(opened.context, started(server, 'the server').url, options.token);
      return opened;
    },
  };
}

/** The selector of the element(s) with this data-testid. */
export const byTestId = (testId: string) => `[data-testid="${testId}"]`;

/** The text of the first element matching the selector as written (textContent: CSS text-transform does not change it), spaces collapsed. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

/** The text of the first element with this data-testid; see textOf. */
export const text = (page: Page, testId: string) => textOf(page, byTestId(testId));

/** Marks the document, so that stillSameDocument can tell a client-side update from a reload. */
export async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __sameDocument: boolean }).__sameDocument = true;
  });
}

/** Whether the page still shows the document markDocument marked (nothing reloaded it). */
export function stillSameDocument(page: Page): Promise<boolean> {
  return page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
}

/** Fails when the page scrolls sideways: wider than the viewport. */
export async function assertNoOverflow(page: Page, name: string, viewport: { width: number } = VIEWPORTS.phone): Promise<void> {
  const width = await scrollWidth(page);
  assert.ok(width <= viewport.width, `${name} is ${width} px wide, more than ${viewport.width} px`);
}

/** Fails unless every visible element matching the selector is at least `minPx` tall (a tap target). */
export async function assertTall(page: Page, selector: string, minPx = 44): Promise<void> {
  const heights = await page.locator(selector).evaluateAll((nodes) =>
    nodes.filter((n) => (n as HTMLElement).offsetParent !== null).map((n) => n.getBoundingClientRect().height),
  );
  assert.ok(heights.length > 0, `${selector} is on the page`);
  // Rounded: a box at a fractional offset can measure 43.99997 px.
  for (const height of heights) assert.ok(Math.round(height) >= minPx, `${selector} is at least ${minPx} px tall (got ${height})`);
}

/**
 * Fails if the page reported an uncaught error or a console error (hydration mismatches land here).
 * With `notFoundPages`, Chromium's console error for a document answered 404 is allowed: tests
 * that open missing pages on purpose.
 */
export function assertNoPageErrors(opened: TestPage, options: { notFoundPages?: boolean } = {}): void {
  const errors = options.notFoundPages ? opened.errors.filter((e) => !/Failed to load resource: the server responded with a status of 404/.test(e)) : opened.errors;
  assert.deepEqual(errors, [], `the page reported errors:\n${errors.join('\n')}`);
}

/** Opens an event page and waits until it has subscribed and re-synced, so changes from now on arrive live. */
export async function gotoEventPage(page: Page, url: string, eventId: string): Promise<void> {
  const response = await page.goto(`${url}/events/${eventId}`);
  assert.equal(response?.status(), 200);
  await page.locator('[data-testid="event-page"][data-live-ready="true"]').waitFor();
}

/** A selection's odds button. */
export function oddsButton(page: Page, selectionId: string) {
  return page.locator(`[data-testid="odds-button"][data-selection-id="${selectionId}"]`);
}

/** Taps a price and waits for the slip to hold it. */
export async function pick(page: Page, selectionId: string): Promise<void> {
  await oddsButton(page, selectionId).click();
  await page.locator(`[data-testid="odds-button"][data-selection-id="${selectionId}"][aria-pressed="true"]`).waitFor();
}

/** Opens the docked slip once it follows the prices of every pick. */
export async function openSlip(page: Page): Promise<void> {
  await page.locator('[data-testid="slip-dock"][data-live-ready="true"]').waitFor();
  if ((await page.locator('[data-testid="bet-slip"]').count()) === 0) await page.locator('[data-testid="slip-bar"]').click();
  await page.locator('[data-testid="bet-slip"]').waitFor();
}
