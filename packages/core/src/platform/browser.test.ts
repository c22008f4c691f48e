import { describe, expect, it } from 'vitest';
import { platform } from './browser.js';
import { lineStream } from './console-stream.js';

describe('browser platform', () => {
  it('has no file system and yields through a MessageChannel task', async () => {
    expect(platform.name).toBe('browser');
    expect(platform.files).toBeUndefined();
    const order: string[] = [];
    const pending = platform.yieldToEventLoop().then(() => order.push('yielded'));
    order.push('sync');
    await pending;
    expect(order).toEqual(['sync', 'yielded']);
  });

  it('falls back to setTimeout without MessageChannel', async () => {
    const saved = globalThis.MessageChannel;
    // biome-ignore lint/suspicious/noExplicitAny: simulating a runtime without MessageChannel.
    (globalThis as any).MessageChannel = undefined;
    try {
      await expect(platform.yieldToEventLoop()).resolves.toBeUndefined();
    } finally {
      globalThis.MessageChannel = saved;
    }
  });
});

describe('lineStream', () => {
  it('prints whole lines, drops in-place redraws and colour codes', () => {
    const lines: string[] = [];
    const stream = lineStream((line) => lines.push(line));
    expect(stream.isTTY).toBe(false);
    stream.write('Epoch 1/2\n');
    stream.write('\r\x1b[2K1/4 \x1b[1m━━\x1b[0m');
    stream.write('\r\x1b[2K4/4 \x1b[1m━━━━\x1b[0m - loss: 0.5\n');
    stream.write('partial');
    expect(lines).toEqual(['Epoch 1/2', '4/4 ━━━━ - loss: 0.5']);
    stream.write(' line\nnext\n');
    expect(lines.slice(2)).toEqual(['partial line', 'next']);
  });
});
