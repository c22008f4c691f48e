import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '@keras-ts/common';
import { decodePng, matchAll } from '../image/decode-png.test-utils.js';
import { plotImages } from './images.js';

function embedded(svg: string) {
  return matchAll(svg, /href="data:image\/png;base64,([^"]+)"/g).map(([data]) => decodePng(new Uint8Array(Buffer.from(data ?? '', 'base64'))));
}

describe('plotImages', () => {
  it('embeds each image as a PNG with the right pixels (0..255 grayscale)', () => {
    const images = [
      [
        [0, 255],
        [128, 64],
      ],
      [
        [255, 255],
        [0, 0],
      ],
    ];
    const svg = plotImages(images, { labels: [1, 0], classNames: ['zero', 'one'] });
    const decoded = embedded(svg);
    expect(decoded.length).toBe(2);
    expect(decoded[0]?.width).toBe(2);
    // Gray: each pixel's R = G = B = value, alpha 255.
    expect(Array.from(decoded[0]?.rgba ?? [])).toEqual([0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255, 64, 64, 64, 255]);
    expect(matchAll(svg, /class="caption"[^>]*>([^<]+)</g).map(([text]) => text)).toEqual(['one', 'zero']);
    expect(svg).toContain('image-rendering="optimizeSpeed"');
  });

  it("inverts with colormap 'binary' and maps [0, 1] floats to 0..255", () => {
    const decoded = embedded(plotImages([[[0, 1, 0.5]]], { colormap: 'binary' }));
    expect(Array.from(decoded[0]?.rgba ?? []).filter((_, index) => index % 4 === 0)).toEqual([255, 0, 127]);
  });

  it('reads RGB tensors without leaking and colours captions by correctness', () => {
    const images = tf.tensor4d([1, 0, 0, 0, 1, 0, 0, 0, 1], [3, 1, 1, 3]);
    const before = tf.memory().numTensors;
    const svg = plotImages(images, { labels: [0, 1, 2], predictedLabels: [0, 2, 2], classNames: ['r', 'g', 'b'], cols: 2 });
    expect(tf.memory().numTensors).toBe(before);
    const decoded = embedded(svg);
    expect(decoded.map((image) => Array.from(image.rgba))).toEqual([
      [255, 0, 0, 255],
      [0, 255, 0, 255],
      [0, 0, 255, 255],
    ]);
    const captions = matchAll(svg, /fill="(#[0-9a-f]+)" class="caption">([^<]+)</g);
    expect(captions).toEqual([
      ['#1b7f2a', 'r (r)'],
      ['#c62828', 'b (g)'],
      ['#1b7f2a', 'b (b)'],
    ]);
    images.dispose();
  });

  it('rejects wrong ranks, channel counts and label counts', () => {
    expect(() => plotImages([[0, 1]])).toThrow(/expected shape \[n, height, width\] or \[n, height, width, channels\], got \[1, 2\]/);
    expect(() => plotImages([[0, 1]])).toThrow(ShapeError);
    expect(() => plotImages([[0, 1]])).toThrow(ValueError);
    expect(() => plotImages([[[0]]], { labels: [0, 1] })).toThrow(ValueError);
    expect(() => plotImages(tf.zeros([1, 2, 2, 2]))).toThrow(/channel dimension must be 1, 3 or 4, got 2/);
    expect(() => plotImages([[[0]]], { labels: [0, 1] })).toThrow(/labels has 2 entries but there are 1 images/);
    expect(() => plotImages([[[0, 1]], [[0]]] as never)).toThrow(/images\[1\]\[0\]: nested arrays must be rectangular/);
  });
});
