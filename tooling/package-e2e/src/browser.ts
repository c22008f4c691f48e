import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** Debian's Chromium, as the project's browser tests use it. */
export const chromiumPath = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'].find((path) => existsSync(path));

/** What a test page reports through `window.__kerasTsResult`. */
export interface PageResult {
  error?: string;
  [key: string]: unknown;
}

/**
 * Opens `url` in headless Chromium, waits for the page to set `window.__kerasTsResult`, takes a
 * screenshot, and returns the result with the console output.
 */
export async function runPage(url: string, screenshot: string, timeoutMs = 240_000): Promise<{ result: PageResult; console: string[] }> {
  if (chromiumPath === undefined) throw new Error('Debian chromium is not installed (apt-get install chromium)');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __kerasTsResult?: unknown }).__kerasTsResult !== undefined, undefined, { timeout: timeoutMs });
    const result = (await page.evaluate(() => (window as unknown as { __kerasTsResult: PageResult }).__kerasTsResult)) as PageResult;
    await page.screenshot({ path: screenshot, fullPage: true });
    return { result, console: lines };
  } finally {
    await browser.close();
  }
}
