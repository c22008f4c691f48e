import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePng } from '../image/decode-png.test-utils.js';
import { plotHistory } from '../plots/history.js';
import { renderPng, savePlot } from './save-plot.js';

let directory = '';
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'keras-ts-vis-'));
});
afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('savePlot', () => {
  const svg = plotHistory({ loss: [1, 0.5, 0.25] }, { width: 300, height: 200 });

  it('writes PNGs of the SVG size times the scale (2 by default)', async () => {
    const path = join(directory, 'history.png');
    await savePlot(svg, path);
    const png = decodePng(new Uint8Array(await readFile(path)));
    expect([png.width, png.height]).toEqual([600, 400]);
    const single = decodePng(await renderPng(svg, { scale: 1 }));
    expect([single.width, single.height]).toEqual([300, 200]);
    // Background is opaque white in the corner, and the plot drew something non-white.
    expect(Array.from(single.rgba.subarray(0, 4))).toEqual([255, 255, 255, 255]);
    let dark = 0;
    for (let index = 0; index < single.rgba.length; index += 4) if ((single.rgba[index] ?? 255) < 100) dark++;
    expect(dark).toBeGreaterThan(200);
  });

  it('writes SVG text unchanged', async () => {
    const path = join(directory, 'history.svg');
    await savePlot(svg, path);
    expect(await readFile(path, 'utf8')).toBe(svg);
  });

  it('rejects unknown extensions and non-SVG input', async () => {
    await expect(savePlot(svg, join(directory, 'plot.jpg'))).rejects.toThrow(/unsupported file extension in ".*plot.jpg"; expected .svg or .png/);
    await expect(renderPng('<div/>')).rejects.toThrow(/expected an SVG document string/);
  });
});
