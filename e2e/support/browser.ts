import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** The Debian Chromium that CI installs; override with CHROMIUM_PATH on other machines. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Screenshots and other files a run leaves behind for people to look at (gitignored). */
export const ARTIFACTS_DIR = join(process.cwd(), 'e2e', 'artifacts');

export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 375, height: 812 },
  /** The phone size issue 18 was walked at. */
  phone390: { width: 390, height: 844 },
} as const;

/** The two sizes every page is checked at (issue 18): a laptop and a common phone. */
export const BOTH_SIZES = { desktop: VIEWPORTS.desktop, phone: VIEWPORTS.phone390 } as const;

/** Starts headless Chromium with the background chatter (updates, sync, QUIC) switched off. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far (hydration mismatches land here). */
  errors: string[];
  close(): Promise<void>;
}

/** A fresh context (no shared cookies or sockets) with one page at the given viewport. */
export async function openPage(browser: Browser, viewport: { width: number; height: number } = VIEWPORTS.desktop): Promise<TestPage> {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: viewport.width < 500,
    hasTouch: viewport.width < 500,
    reducedMotion: 'no-preference',
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { context, page, errors, close: () => context.close() };
}

/**
 * Saves a screenshot as e2e/artifacts/<name>.png and returns its path: the full page, or only the
 * viewport (`fullPage: false`), which is what a phone shows of fixed panels like the bet slip.
 */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  const fullPage = options.fullPage ?? true;
  // From the top, so a sticky header is drawn where it belongs rather than halfway down.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path, fullPage, animations: 'disabled' });
  return path;
}

/** The web app's session cookie name (the server sets it on signUp/signIn over HTTP). */
export const SESSION_COOKIE = 'sb_session';

/**
 * Signs a browser context in with an API token, as if the user had used the sign-in form: the
 * web app's httpOnly session cookie holds the same token the API returns.
 */
export async function signInContext(context: BrowserContext, baseUrl: string, token: string): Promise<void> {
  await context.addCookies([{ name: SESSION_COOKIE, value: token, url: baseUrl, httpOnly: true, sameSite: 'Lax' }]);
}

/** The page's scroll width; larger than the viewport means something overflows sideways. */
export function scrollWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}
