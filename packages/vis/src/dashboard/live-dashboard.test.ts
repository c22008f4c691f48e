import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LiveDashboard } from './live-dashboard.js';

const CHROMIUM = '/usr/bin/chromium';

type Event = { epochs: number; done: boolean; svg: string };

/** Opens the SSE stream and returns a function that resolves with the next event. */
async function openEvents(url: string): Promise<{ next: () => Promise<Event>; close: () => Promise<void> }> {
  const response = await fetch(`${url}events`);
  const reader = response.body?.getReader();
  if (!reader) throw new Error('no event stream body');
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<Event> => {
    for (;;) {
      const split = buffer.indexOf('\n\n');
      if (split >= 0) {
        const data = buffer
          .slice(0, split)
          .split('\n')
          .find((line) => line.startsWith('data: '));
        buffer = buffer.slice(split + 2);
        if (data) return JSON.parse(data.slice(6));
        continue;
      }
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      buffer += decoder.decode(value, { stream: true });
    }
  };
  return { next, close: () => reader.cancel() };
}

describe('LiveDashboard', () => {
  it('serves the history, streams epoch updates, prints its URL once and closes on train end', async () => {
    const printed: string[] = [];
    const dashboard = new LiveDashboard({ print: (line) => printed.push(line) });
    dashboard.setParams({ epochs: 3, steps: 10 });
    await dashboard.onTrainBegin();
    const url = dashboard.url ?? '';
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(printed).toEqual([`LiveDashboard: ${url}`]);

    dashboard.onEpochBegin(0);
    dashboard.onTrainBatchEnd(0, { loss: 0.9 });
    dashboard.onEpochEnd(0, { loss: 0.8, val_loss: 0.85 });
    const events = await openEvents(url);
    // A new client first receives the current state, then every update.
    expect((await events.next()).epochs).toBe(1);
    dashboard.onEpochEnd(1, { loss: 0.5, val_loss: 0.6 });
    const update = await events.next();
    expect(update.epochs).toBe(2);
    expect(update.svg).toContain('data-name="val_loss" data-points="2"');
    await events.close();

    const json = await (await fetch(`${url}history.json`)).json();
    expect(json).toEqual({ history: { loss: [0.8, 0.5], val_loss: [0.85, 0.6] }, epochs: 2, done: false });
    expect((await fetch(`${url}plot.svg`)).headers.get('content-type')).toBe('image/svg+xml');
    expect((await fetch(`${url}nope`)).status).toBe(404);

    await dashboard.onTrainEnd();
    expect(dashboard.url).toBeUndefined();
    await expect(fetch(url)).rejects.toThrow();
    expect(printed.length).toBe(1);
  });

  it('keeps serving with keepOpen and resets the history on the next fit', async () => {
    const dashboard = new LiveDashboard({ keepOpen: true, print: () => {} });
    await dashboard.onTrainBegin();
    dashboard.onEpochEnd(0, { loss: 1 });
    await dashboard.onTrainEnd();
    const url = dashboard.url ?? '';
    expect((await fetch(`${url}history.json`)).status).toBe(200);
    await dashboard.onTrainBegin();
    expect(dashboard.url).toBe(url);
    expect(dashboard.history).toEqual({});
    await dashboard.close();
    await dashboard.close();
  });

  it('asks for batch logs only in training and only when a status update is due', () => {
    const dashboard = new LiveDashboard({ batchUpdateInterval: 60_000, print: () => {} });
    expect(dashboard.wantsBatchLogs(0, 'train')).toBe(true);
    expect(dashboard.wantsBatchLogs(0, 'test')).toBe(false);
    dashboard.onTrainBatchEnd(0, { loss: 1 });
    expect(dashboard.wantsBatchLogs(1, 'train')).toBe(false);
  });

  it('rejects an invalid port', () => {
    expect(() => new LiveDashboard({ port: 70000 })).toThrow(/port must be an integer in \[0, 65535\] \(0 picks a free port\), got 70000/);
  });

  it.skipIf(!existsSync(CHROMIUM))(
    'updates the curves in a real browser as epochs arrive (headless Chromium; skipped when /usr/bin/chromium is absent)',
    async () => {
      const { chromium } = await import('playwright-core');
      const profile = await mkdtemp(join(tmpdir(), 'keras-ts-chromium-'));
      const browser = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
        ],
      });
      const dashboard = new LiveDashboard({ print: () => {} });
      try {
        dashboard.setParams({ epochs: 5 });
        await dashboard.onTrainBegin();
        dashboard.onEpochEnd(0, { loss: 1.0, val_loss: 1.1, accuracy: 0.5, val_accuracy: 0.45 });
        dashboard.onEpochEnd(1, { loss: 0.7, val_loss: 0.8, accuracy: 0.6, val_accuracy: 0.55 });
        const page = await browser.newPage();
        await page.goto(dashboard.url ?? '');
        const points = () => page.locator('#plot g.series[data-name="loss"]').getAttribute('data-points');
        expect(await points()).toBe('2');
        expect(await page.locator('#plot svg g.series').count()).toBe(4);
        // Wait until the event stream is connected (the first event sets the status line).
        await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Epoch 2/5'));
        dashboard.onEpochEnd(2, { loss: 0.5, val_loss: 0.7, accuracy: 0.7, val_accuracy: 0.6 });
        dashboard.onEpochEnd(3, { loss: 0.4, val_loss: 0.69, accuracy: 0.75, val_accuracy: 0.61 });
        await page.waitForFunction(() => document.querySelector('#plot g.series[data-name="loss"]')?.getAttribute('data-points') === '4');
        const box = await page.locator('#plot svg').boundingBox();
        expect(box?.width).toBeGreaterThan(300);
        await dashboard.onTrainEnd();
        await page.waitForFunction(() => document.getElementById('status')?.textContent?.includes('Training finished after 4 epochs'));
      } finally {
        await dashboard.close();
        await browser.close();
        await rm(profile, { recursive: true, force: true });
      }
    },
  );
});
