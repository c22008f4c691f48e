import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChecksumError, DatasetNotFoundError } from '../errors/errors.js';
import { folderWith } from '../testing/fixtures.test-utils.js';
import { DATASETS_ENVIRONMENT_VARIABLE } from './cache-directory.js';
import { type FetchLike, setFetch } from './fetch.js';
import { type DatasetSource, locateDataset } from './locate.js';
import { debianFashionMnistPackage } from './packaged-sources.js';

const payload = new TextEncoder().encode('payload');
const source = (packagedDirectory?: string): DatasetSource => ({
  name: 'toy',
  layouts: [
    [['toy.bin']],
    [
      ['a.idx', 'a.idx.gz'],
      ['b.idx', 'b.idx.gz'],
    ],
  ],
  cacheSubdirectory: 'toy',
  remote: [{ name: 'toy.bin', url: 'https://example.test/toy.bin', hash: createHash('sha256').update(payload).digest('hex') }],
  packaged: () => [
    { description: 'npm package toy-data', directory: packagedDirectory },
    { description: 'Debian package toy (not installed)', directory: undefined },
  ],
});
const serving =
  (body: Uint8Array, calls: string[] = []): FetchLike =>
  async (url) => {
    calls.push(url);
    return { ok: true, status: 200, arrayBuffer: async () => body.slice().buffer };
  };
const offline: FetchLike = async () => {
  throw new Error('network is unreachable');
};

afterEach(() => {
  setFetch(undefined);
  delete process.env[DATASETS_ENVIRONMENT_VARIABLE];
});

describe('locateDataset', () => {
  it('uses an explicit file or directory and nothing else', async () => {
    const folder = folderWith({ 'a.idx.gz': payload, 'b.idx': payload });
    expect(await locateDataset(source(), { path: folder, fetch: offline })).toEqual({
      layout: 1,
      files: [join(folder, 'a.idx.gz'), join(folder, 'b.idx')],
    });
    expect(await locateDataset(source(), { path: join(folder, 'b.idx') })).toEqual({ layout: 0, files: [join(folder, 'b.idx')] });
    await expect(locateDataset(source(), { path: join(folder, 'nope') })).rejects.toThrow(/toy: path '.*nope' does not exist/);
    const empty = folderWith({});
    await expect(locateDataset(source(), { path: empty })).rejects.toThrow(/does not hold the dataset\. Expected one of: \[.*toy\.bin\]/);
  });

  it('searches the cache folder from cacheDir or KERAS_TS_DATASETS before packages', async () => {
    const cache = folderWith({});
    mkdirSync(join(cache, 'toy'));
    writeFileSync(join(cache, 'toy', 'toy.bin'), payload);
    const packaged = folderWith({ 'toy.bin': payload });
    expect((await locateDataset(source(packaged), { cacheDir: cache })).files).toEqual([join(cache, 'toy', 'toy.bin')]);
    process.env[DATASETS_ENVIRONMENT_VARIABLE] = cache;
    expect((await locateDataset(source(packaged))).files).toEqual([join(cache, 'toy', 'toy.bin')]);
    expect((await locateDataset(source(packaged), { cacheDir: folderWith({}) })).files).toEqual([join(packaged, 'toy.bin')]);
  });

  it('downloads into the cache with an injected fetch, then reuses the cached copy', async () => {
    const cache = folderWith({});
    const calls: string[] = [];
    setFetch(serving(payload, calls));
    const first = await locateDataset(source(), { cacheDir: cache, progress: false });
    expect(first.files).toEqual([join(cache, 'toy', 'toy.bin')]);
    expect(readFileSync(join(cache, 'toy', 'toy.bin'))).toEqual(Buffer.from(payload));
    await locateDataset(source(), { cacheDir: cache, progress: false });
    expect(calls).toEqual(['https://example.test/toy.bin']);
  });

  it('rejects a download with the wrong checksum and leaves the cache empty', async () => {
    const cache = folderWith({});
    const attempt = locateDataset(source(), { cacheDir: cache, fetch: serving(new TextEncoder().encode('tampered')), progress: false });
    await expect(attempt).rejects.toThrow(ChecksumError);
    expect(readdirSync(join(cache, 'toy'))).toEqual([]);
  });

  it('offline with no copy: names the file, every place searched, and where to put it', async () => {
    const cache = folderWith({});
    const error = await locateDataset(source(), { cacheDir: cache, fetch: offline, progress: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DatasetNotFoundError);
    const message = (error as Error).message;
    expect(message).toContain("toy: no local copy of 'toy.bin' was found and the download failed.");
    expect(message).toContain(join(cache, 'toy', 'toy.bin'));
    expect(message).toContain(`${join(cache, 'toy', 'a.idx or a.idx.gz')}, ${join(cache, 'toy', 'b.idx or b.idx.gz')}`);
    expect(message).toContain('npm package toy-data');
    expect(message).toContain('Debian package toy (not installed)');
    expect(message).toContain('could not fetch https://example.test/toy.bin: network is unreachable');
    expect(message).toContain(`https://example.test/toy.bin -> ${join(cache, 'toy', 'toy.bin')}`);
    expect(message).toContain('KERAS_TS_DATASETS');
    expect((error as DatasetNotFoundError).searched.length).toBe(5);
  });
});

describe('debianFashionMnistPackage', () => {
  it('finds the folder through a dpkg file list, and reports a missing list', () => {
    const folder = folderWith({
      'pkg.list': new TextEncoder().encode('/.\n/usr/share/datasets/fm\n/usr/share/datasets/fm/train-images-idx3-ubyte.gz\n'),
    });
    expect(debianFashionMnistPackage(join(folder, 'pkg.list')).directory).toBe('/usr/share/datasets/fm');
    const missing = debianFashionMnistPackage(join(folder, 'absent.list'));
    expect(missing.directory).toBeUndefined();
    expect(missing.description).toContain('not installed');
  });
});
