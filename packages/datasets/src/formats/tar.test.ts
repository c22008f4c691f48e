import { describe, expect, it } from 'vitest';
import { tarBytes } from '../testing/npz-writer.test-utils.js';
import { readTar } from './tar.js';

describe('readTar', () => {
  const files = { 'folder/a.bin': Uint8Array.from([1, 2, 3]), 'folder/b': new Uint8Array(700).fill(9) };

  it('returns the regular files with their content', () => {
    const entries = readTar(tarBytes(files), 'x.tar');
    expect([...entries.keys()]).toEqual(['folder/a.bin', 'folder/b']);
    expect(Array.from(entries.get('folder/a.bin') ?? [])).toEqual([1, 2, 3]);
    expect(entries.get('folder/b')?.length).toBe(700);
  });

  it('rejects a truncated archive and a corrupt header', () => {
    const archive = tarBytes(files);
    expect(() => readTar(archive.subarray(0, 1600), 'x.tar')).toThrow(/truncated tar archive: member 'folder\/b' needs 700 bytes/);
    const corrupt = archive.slice();
    corrupt[10] = 65;
    expect(() => readTar(corrupt, 'x.tar')).toThrow(/checksum mismatch/);
    expect(() => readTar(archive.subarray(0, 2560), 'x.tar')).toThrow(/no end-of-archive marker/);
  });
});
