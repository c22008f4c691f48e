import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodePng } from './decode-png.test-utils.js';
import { encodePng, pngDataUri, toBase64 } from './png-encoder.js';

describe('encodePng', () => {
  it('round-trips pixels through an independent zlib-based decoder', () => {
    const width = 5;
    const height = 3;
    const rgba = new Uint8Array(width * height * 4).map((_, index) => (index * 37) % 256);
    const decoded = decodePng(encodePng(rgba, width, height));
    expect(decoded.width).toBe(width);
    expect(decoded.height).toBe(height);
    expect(Array.from(decoded.rgba)).toEqual(Array.from(rgba));
  });

  it('writes correct chunk CRCs', () => {
    const png = encodePng(new Uint8Array(4 * 4 * 4).fill(200), 4, 4);
    // IHDR chunk: length 13 at offset 8, CRC over type + data at 12..29.
    const view = new DataView(png.buffer);
    expect(view.getUint32(29)).toBe(crc32(png.subarray(12, 29)));
  });

  it('splits images larger than one stored block (65535 bytes)', () => {
    const width = 200;
    const height = 100;
    const rgba = new Uint8Array(width * height * 4).map((_, index) => index % 251);
    expect(Array.from(decodePng(encodePng(rgba, width, height)).rgba)).toEqual(Array.from(rgba));
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => encodePng(new Uint8Array(10), 2, 2)).toThrow(/expected 16 RGBA bytes for 2×2, got 10/);
  });
});

describe('toBase64', () => {
  it('matches Buffer base64 for every padding case', () => {
    for (const length of [0, 1, 2, 3, 4, 5, 31]) {
      const bytes = new Uint8Array(length).map((_, index) => (index * 53 + 7) % 256);
      expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    }
  });

  it('builds a PNG data URI', () => {
    expect(pngDataUri(new Uint8Array(4).fill(255), 1, 1)).toMatch(/^data:image\/png;base64,iVBORw0KGgo/);
  });
});
