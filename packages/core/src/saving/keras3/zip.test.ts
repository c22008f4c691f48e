import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../model-format-error.js';
import { readZip, writeZip } from './zip.js';

const text = (value: string) => new TextEncoder().encode(value);
const MEMBERS = ['metadata.json', 'config.json', 'model.weights.h5'];

/** Offset of the central directory entry of `name`. */
function centralEntry(bytes: Uint8Array, name: string): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let offset = 0; offset + 46 < bytes.length; offset++) {
    if (view.getUint32(offset, true) !== 0x02014b50) continue;
    const length = view.getUint16(offset + 28, true);
    if (new TextDecoder().decode(bytes.subarray(offset + 46, offset + 46 + length)) === name) return offset;
  }
  throw new Error(`no entry ${name}`);
}

/** Sets the uncompressed size `name` declares, in its central and local headers. */
function declareSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  const entry = centralEntry(copy, name);
  view.setUint32(entry + 24, size, true);
  view.setUint32(view.getUint32(entry + 42, true) + 22, size, true);
  return copy;
}

describe('readZip', () => {
  it('reads what writeZip writes (deflated) and stored members, checking CRC-32', () => {
    const archive = writeZip([
      ['config.json', text('{"a": 1}'.repeat(100))],
      ['metadata.json', text('{}')],
    ]);
    const members = readZip(archive, 'x.keras', { maxMemberBytes: 10_000, members: MEMBERS });
    expect(new TextDecoder().decode(members.get('config.json'))).toBe('{"a": 1}'.repeat(100));
    expect(members.has('model.weights.h5')).toBe(false);
    const stored = zipSync({ 'config.json': [text('{}'), { level: 0 }] });
    expect(readZip(stored, 'x.keras', { maxMemberBytes: 10, members: MEMBERS }).get('config.json')).toEqual(text('{}'));
    const flipped = stored.slice();
    const first = 30 + 'config.json'.length; // the stored member's first byte
    flipped[first] = flipped[first]! ^ 1;
    expect(() => readZip(flipped, 'x.keras', { maxMemberBytes: 10, members: MEMBERS })).toThrow(/config.json: fails its CRC-32 check/);
  });

  it('refuses a zip bomb: declared over the limit unread, or inflating past what it declares', () => {
    const bomb = writeZip([['config.json', new Uint8Array(1_000_000)]]);
    expect(bomb.length).toBeLessThan(5_000);
    expect(() => readZip(bomb, 'bomb.keras', { maxMemberBytes: 64 * 1024, members: MEMBERS })).toThrow(
      /config.json: declares 1000000 bytes; keras-ts reads members up to 65536/,
    );
    const liar = declareSize(bomb, 'config.json', 1000);
    expect(() => readZip(liar, 'liar.keras', { maxMemberBytes: 64 * 1024, members: MEMBERS })).toThrow(
      /inflates to more than the 1000 bytes its zip header declares/,
    );
    const short = declareSize(writeZip([['config.json', text('{"a": 1}')]]), 'config.json', 100);
    expect(() => readZip(short, 'short.keras', { maxMemberBytes: 1000, members: MEMBERS })).toThrow(/inflates to 8 bytes, but its zip header declares 100/);
  });

  it('refuses path-like member names, truncation and non-zips with ModelFormatError', () => {
    for (const name of ['../config.json', '/etc/passwd', 'a/config.json', 'C:config.json', '..']) {
      expect(() => readZip(zipSync({ [name]: text('{}') }), 'x.keras', { maxMemberBytes: 100, members: MEMBERS })).toThrow(/is not a plain file name/);
    }
    const archive = writeZip([['config.json', text('{}')]]);
    for (const cut of [archive.subarray(0, archive.length - 5), archive.subarray(0, 20), new Uint8Array(0), text('not a zip at all')]) {
      expect(() => readZip(cut, 'cut.keras', { maxMemberBytes: 100, members: MEMBERS })).toThrow(ModelFormatError);
    }
  });
});
