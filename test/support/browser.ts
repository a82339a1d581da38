/**
 * Headless Chromium for the browser tests: Debian's `chromium` driven by playwright-core (the
 * Playwright browser download is not available here), phone-sized pages, axe-core checks and
 * screenshots into test-results/.
 *
 *   const browser = await launchBrowser();               // in beforeAll
 *   const page = await newPhonePage(browser);
 *   expect(describeViolations(await axeViolations(page))).toEqual([]);
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';
import { buildWeb } from '../../web/build.ts';
import { expect } from 'vitest';
import { type LocalSystem, type LocalSystemOptions, startLocalSystem } from './local-system.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
export const resultsDirectory = join(projectRoot, 'test-results');

/** The WCAG 2.2 AA rule sets the pages are held to. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** A 390×844 phone (iPhone 12–15 size) in Chinese, in the district's time zone. */
export const phone: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 1,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

export function chromiumExecutable(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((path): path is string => !!path);
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`no Chromium found (tried ${candidates.join(', ')}); install Debian's chromium or set CHROMIUM_PATH`);
  return found;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumExecutable(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export interface PhonePage {
  page: Page;
  /** Uncaught exceptions and console errors seen so far: a page that works has none. */
  errors: string[];
  close(): Promise<void>;
}

export async function newPhonePage(browser: Browser, options: BrowserContextOptions = {}): Promise<PhonePage> {
  const context = await browser.newContext({ ...phone, ...options });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return { page, errors, close: () => context.close() };
}

export async function axeViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(wcagTags).analyze();
  return results.violations;
}

/** One line per failing node, so that an assertion's diff says what is wrong and where. */
export function describeViolations(violations: Awaited<ReturnType<typeof axeViolations>>): string[] {
  return violations.flatMap((violation) =>
    violation.nodes.map(
      (node) => `${violation.id} (${violation.impact ?? 'n/a'}): ${node.target.join(' ')} — ${node.failureSummary ?? violation.help}`,
    ),
  );
}

/** A full-page PNG in test-results/; answers its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  await mkdir(resultsDirectory, { recursive: true });
  const path = join(resultsDirectory, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * What a staff app's browser tests leave in test-results/: axe-core's findings per state (each
 * asserted to be none) and the screenshots taken, written to `<report>` when the file's tests end.
 */
export function accessibilityRecord(report: string, screenshotPrefix: string) {
  const screenshots: string[] = [];
  const violationsByState: Record<string, number> = {};
  return {
    async expectNoViolations(page: Page, state: string): Promise<void> {
      const violations = await axeViolations(page);
      violationsByState[state] = violations.length;
      expect(describeViolations(violations), state).toEqual([]);
    },
    async shot(page: Page, name: string): Promise<void> {
      screenshots.push(await screenshot(page, `${screenshotPrefix}${name}.png`));
    },
    async write(): Promise<void> {
      await mkdir(resultsDirectory, { recursive: true });
      await writeFile(join(resultsDirectory, report), `${JSON.stringify({ violationsByState, screenshots }, null, 2)}\n`);
    },
  };
}

/** True when the page needs no horizontal scrolling at its current width (WCAG 1.4.10 reflow). */
export function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

/** Visible controls matching `selector` smaller than 44 × 44 CSS px (WCAG 2.5.8 asks 24; the pages promise 44), by id or text. */
export function smallTargets(page: Page, selector: string): Promise<string[]> {
  // Runs in the page: a string, since this file is type-checked without the DOM library.
  return page.evaluate<string[]>(`
    [...document.querySelectorAll(${JSON.stringify(selector)})]
      .filter((el) => el.offsetParent !== null)
      .filter((el) => { const r = el.getBoundingClientRect(); return r.height < 44 || r.width < 44; })
      .map((el) => el.id || el.textContent.trim())`);
}

/** The pages built into a fresh temporary directory (one per test file, so parallel files do not race). */
export async function buildWebForTest(): Promise<{ directory: string; remove(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), 'web-dist-'));
  await buildWeb({ outDir: directory });
  return { directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

/** One test file's world: the built pages, the local system serving them, and a browser. */
export async function startBrowserSystem(
  options: LocalSystemOptions = {},
): Promise<{ system: LocalSystem; browser: Browser; stop(): Promise<void> }> {
  const web = await buildWebForTest();
  const system = await startLocalSystem({ webDirectory: web.directory, ...options });
  const browser = await launchBrowser();
  return {
    system,
    browser,
    stop: async () => {
      await browser.close();
      await system.stop();
      await web.remove();
    },
  };
}
