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
export async function runPage(
  url: string,
  screenshot: string,
  timeoutMs = 240_000,
  /** Wait for a console line matching this instead of `window.__kerasTsResult` (the result is then empty). */
  consoleLine?: RegExp,
): Promise<{ result: PageResult; console: string[] }> {
  if (chromiumPath === undefined) throw new Error('Debian chromium is not installed (apt-get install chromium)');
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const lines: string[] = [];
  try {
    const page = await browser.newPage();
    page.on('console', (message) => lines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => lines.push(`pageerror: ${error.message}`));
    const seen =
      consoleLine === undefined ? undefined : page.waitForEvent('console', { predicate: (message) => consoleLine.test(message.text()), timeout: timeoutMs });
    // A page error ends the wait at once instead of after the timeout.
    const failed = new Promise<never>((_, reject) => page.on('pageerror', (error) => reject(new Error(`page error: ${error.message}\n${lines.join('\n')}`))));
    await page.goto(url);
    let result: PageResult = {};
    if (seen !== undefined) await Promise.race([seen, failed]);
    else {
      await Promise.race([
        page.waitForFunction(() => (window as unknown as { __kerasTsResult?: unknown }).__kerasTsResult !== undefined, undefined, { timeout: timeoutMs }),
        failed,
      ]);
      result = (await page.evaluate(() => (window as unknown as { __kerasTsResult: PageResult }).__kerasTsResult)) as PageResult;
    }
    await page.screenshot({ path: screenshot, fullPage: true });
    return { result, console: lines };
  } finally {
    await browser.close();
  }
}
