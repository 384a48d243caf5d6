// page.evaluate callbacks run in the browser:
/// <reference lib="dom" />
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { freePort } from './app-process.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Debian's Chromium (installed by .ci/run); Playwright never downloads a browser here. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Screenshots of the main screens, for people to look at (git-ignored). */
export const SCREENSHOTS = join('test', 'e2e', 'screenshots');

/** A phone in portrait, the size the console must work at. */
export const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };

/**
 * A failed request the browser logs as a console error. Answers in 4xx are the API refusing bad input,
 * which the console shows as a notification (tests assert those); a 5xx is a bug and fails the test.
 */
const CLIENT_ERROR_LOAD = /^Failed to load resource: the server responded with a status of 4\d\d/;

/** The real API serving the built console on a port, and a Chromium page pointed at it. */
export interface ConsoleBrowser {
  t: TestApp;
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors and page errors seen so far (4xx resource loads excepted). */
  errors: string[];
  /** A new page in a context of its own (another person: a guest, a second user), watched the same way. */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  /** Saves a full-page screenshot as test/e2e/screenshots/<name>.png. */
  screenshot(name: string, page?: Page): Promise<void>;
  close(): Promise<void>;
}

function watch(page: Page, errors: string[]): void {
  page.on('console', (message) => {
    if (message.type() === 'error' && !CLIENT_ERROR_LOAD.test(message.text())) {
      errors.push(`console.error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`page error on ${page.url()}: ${error.message}`));
}

/** Options of {@link openConsole}. */
export interface OpenConsoleOptions {
  /**
   * Serve at http://localhost:<free port> and make that PUBLIC_URL, so that the pages' origin is the
   * instance's public origin: passkeys (RP ID and accepted origin; localhost is a secure context, an IP
   * address cannot be an RP ID) and single sign-on redirects need it.
   */
  publicOrigin?: boolean;
}

/**
 * Starts the application (real PostgreSQL and Redis, the built console from dist/admin) on a random
 * port and opens Chromium on it. `npm test` builds the console first (pretest).
 */
export async function openConsole(
  env: Record<string, string> = {},
  viewport: { width: number; height: number } = DESKTOP,
  options: OpenConsoleOptions = {},
): Promise<ConsoleBrowser> {
  // CONSOLE_DIR lets a run test a console built elsewhere (e.g. beside another run's build).
  const consoleDir: Record<string, string> = process.env.CONSOLE_DIR
    ? { CONSOLE_DIR: process.env.CONSOLE_DIR }
    : {};
  const fixedPort = options.publicOrigin ? await freePort() : 0;
  const publicUrl: Record<string, string> = options.publicOrigin
    ? { PUBLIC_URL: `http://localhost:${fixedPort}` }
    : {};
  const t = await createTestApp({ ...consoleDir, ...publicUrl, ...env });
  await t.app.listen({ port: fixedPort, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://${options.publicOrigin ? 'localhost' : '127.0.0.1'}:${port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  const errors: string[] = [];
  const contexts: BrowserContext[] = [];
  const newContext = async (size: { width: number; height: number }) => {
    const context = await browser.newContext({ baseURL: baseUrl, viewport: size });
    contexts.push(context);
    return context;
  };
  const context = await newContext(viewport);
  const page = await context.newPage();
  watch(page, errors);
  mkdirSync(SCREENSHOTS, { recursive: true });
  return {
    t,
    baseUrl,
    browser,
    context,
    page,
    errors,
    async newPage(size = viewport) {
      const other = await (await newContext(size)).newPage();
      watch(other, errors);
      return other;
    },
    async screenshot(name, target = page) {
      await target.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
    },
    async close() {
      for (const each of contexts) await each.close();
      await browser.close();
      await t.close();
    },
  };
}

/** Signs in through the console's login form and waits for the dashboard. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/admin/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  // Exact: "Sign in with a passkey" is a button of the sign-in page too.
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
}

/** An API answer a page received. */
export interface ReceivedAnswer {
  url: string;
  status: number;
  body: string;
}

/**
 * Keeps every API answer the pages it watches receive, for scans of what reached the browser (no
 * secret may be among them).
 */
export function answerRecorder(): { watch(page: Page): void; answers(): Promise<ReceivedAnswer[]> } {
  const received: Promise<ReceivedAnswer>[] = [];
  return {
    watch(page) {
      page.on('response', (response) => {
        if (!response.url().includes('/api/')) return;
        received.push(
          response.text().then(
            (body) => ({ url: response.url(), status: response.status(), body }),
            () => ({ url: response.url(), status: response.status(), body: '' }),
          ),
        );
      });
    },
    answers: () => Promise.all(received),
  };
}

/**
 * Fails when the page is wider than the viewport (a phone would scroll sideways), naming the innermost
 * elements that stick out on the right.
 */
export async function expectNoSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  if (overflow <= 0) return;
  const sticking = await page.evaluate(() => {
    const outside = (element: Element) => element.getBoundingClientRect().right > window.innerWidth + 0.5;
    return [...document.querySelectorAll<HTMLElement>('body *')]
      .filter((element) => outside(element) && ![...element.children].some(outside))
      .slice(0, 5)
      .map((element) => `<${element.tagName.toLowerCase()}> ${element.textContent?.slice(0, 60)}`);
  });
  expect({ overflow, sticking }).toEqual({ overflow: 0, sticking: [] });
}
