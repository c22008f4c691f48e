import { ValueError } from '@keras-ts/common';
// A minimal PNG encoder that runs unchanged in browsers and Node: deflate
// "stored" (uncompressed) blocks need no compression library, and plot images
// (28×28 digits, 32×32 CIFAR) are small enough that compression buys little.

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let crc = 0xffffffff;
  for (let index = start; index < end; index++) crc = (CRC_TABLE[(crc ^ (bytes[index] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function zlibStored(raw: Uint8Array): Uint8Array {
  const blockCount = Math.max(1, Math.ceil(raw.length / 65535));
  const output = new Uint8Array(2 + raw.length + blockCount * 5 + 4);
  output[0] = 0x78;
  output[1] = 0x01;
  let offset = 2;
  for (let block = 0; block < blockCount; block++) {
    const start = block * 65535;
    const length = Math.min(65535, raw.length - start);
    output[offset] = block === blockCount - 1 ? 1 : 0;
    output[offset + 1] = length & 0xff;
    output[offset + 2] = length >>> 8;
    output[offset + 3] = ~length & 0xff;
    output[offset + 4] = (~length >>> 8) & 0xff;
    output.set(raw.subarray(start, start + length), offset + 5);
    offset += 5 + length;
  }
  new DataView(output.buffer).setUint32(offset, adler32(raw));
  return output;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(12 + data.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, data.length);
  for (let index = 0; index < 4; index++) bytes[4 + index] = type.charCodeAt(index);
  bytes.set(data, 8);
  view.setUint32(8 + data.length, crc32(bytes, 4, 8 + data.length));
  return bytes;
}

/**
 * Encodes 8-bit RGBA pixels (row-major, `width * height * 4` bytes) as a PNG file.
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new ValueError(`encodePng: width and height must be positive integers, got ${width}×${height}.`);
  }
  if (rgba.length !== width * height * 4) {
    throw new ValueError(`encodePng: expected ${width * height * 4} RGBA bytes for ${width}×${height}, got ${rgba.length}.`);
  }
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const stride = width * 4;
  const raw = new Uint8Array((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (stride + 1)] = 0; // filter: none
    raw.set(rgba.subarray(row * stride, (row + 1) * stride), row * (stride + 1) + 1);
  }
  const signature = new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]);
  const parts = [signature, chunk('IHDR', header), chunk('IDAT', zlibStored(raw)), chunk('IEND', new Uint8Array(0))];
  const file = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    file.set(part, offset);
    offset += part.length;
  }
  return file;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 of `bytes` (no dependency on Buffer or btoa). */
export function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index += 3) {
    const a = bytes[index] ?? 0;
    const b = bytes[index + 1] ?? 0;
    const c = bytes[index + 2] ?? 0;
    const triple = (a << 16) | (b << 8) | c;
    text += BASE64[(triple >>> 18) & 63];
    text += BASE64[(triple >>> 12) & 63];
    text += index + 1 < bytes.length ? BASE64[(triple >>> 6) & 63] : '=';
    text += index + 2 < bytes.length ? BASE64[triple & 63] : '=';
  }
  return text;
}

/** A `data:image/png;base64,…` URI of RGBA pixels, for `<image href>` in SVG or `<img src>`. */
export function pngDataUri(rgba: Uint8Array, width: number, height: number): string {
  return `data:image/png;base64,${toBase64(encodePng(rgba, width, height))}`;
}
