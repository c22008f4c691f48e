import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChecksumError } from '../errors/errors.js';
import { DownloadError, downloadFile, hashAlgorithm } from './download.js';
import type { FetchLike } from './fetch.js';

const content = new TextEncoder().encode('x'.repeat(5000));
const sha256 = createHash('sha256').update(content).digest('hex');

/** A fetch double that streams `body` in chunks of 1000 bytes with a content-length header. */
function fakeFetch(body: Uint8Array, urls: string[] = []): FetchLike {
  return async (url) => {
    urls.push(url);
    return {
      ok: true,
      status: 200,
      headers: { get: (name: string) => (name === 'content-length' ? String(body.length) : null) },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < body.length; i += 1000) controller.enqueue(body.slice(i, i + 1000));
          controller.close();
        },
      }),
      arrayBuffer: async () => body.slice().buffer,
    };
  };
}

describe('downloadFile', () => {
  it('writes the verified file atomically and draws a progress bar', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'keras-ts-download-'));
    let output = '';
    const urls: string[] = [];
    await downloadFile({ name: 'a.bin', url: 'https://example.test/a.bin', hash: sha256 }, join(directory, 'sub', 'a.bin'), fakeFetch(content, urls), {
      write: (text: string) => {
        output += text;
      },
      isTTY: true,
    });
    expect(urls).toEqual(['https://example.test/a.bin']);
    expect(Buffer.from(readFileSync(join(directory, 'sub', 'a.bin'))).equals(Buffer.from(content))).toBe(true);
    expect(readdirSync(join(directory, 'sub'))).toEqual(['a.bin']);
    expect(output).toContain('Downloading data from https://example.test/a.bin');
    expect(output).toContain('[==============================] 0.0 MB/0.0 MB 100%');
    expect(output.match(/\r/g)?.length).toBeGreaterThan(2);
  });

  it('accepts md5 digests (Keras uses them for the word-index files)', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'keras-ts-download-'));
    const md5 = createHash('md5').update(content).digest('hex');
    expect(hashAlgorithm(md5)).toBe('md5');
    await downloadFile({ name: 'w.json', url: 'u', hash: md5 }, join(directory, 'w.json'), fakeFetch(content), false);
    expect(existsSync(join(directory, 'w.json'))).toBe(true);
  });

  it('discards a download whose checksum does not match, leaving nothing behind', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'keras-ts-download-'));
    const tampered = content.slice();
    tampered[10] = 0x79;
    const attempt = downloadFile({ name: 'a.bin', url: 'https://example.test/a.bin', hash: sha256 }, join(directory, 'a.bin'), fakeFetch(tampered), false);
    await expect(attempt).rejects.toThrow(ChecksumError);
    await expect(
      downloadFile({ name: 'a.bin', url: 'https://example.test/a.bin', hash: sha256 }, join(directory, 'a.bin'), fakeFetch(tampered), false),
    ).rejects.toThrow(new RegExp(`Checksum mismatch for 'a.bin' downloaded from https://example.test/a.bin: expected sha256 ${sha256}, got [0-9a-f]{64}`));
    expect(readdirSync(directory)).toEqual([]);
  });

  it('turns network failures and HTTP errors into DownloadError', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'keras-ts-download-'));
    const offline: FetchLike = async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    };
    await expect(downloadFile({ name: 'a', url: 'https://x.test/a', hash: sha256 }, join(directory, 'a'), offline, false)).rejects.toThrow(
      new DownloadError('could not fetch https://x.test/a: getaddrinfo ENOTFOUND'),
    );
    const missing: FetchLike = async () => ({ ok: false, status: 404, statusText: 'Not Found', arrayBuffer: async () => new ArrayBuffer(0) });
    await expect(downloadFile({ name: 'a', url: 'https://x.test/a', hash: sha256 }, join(directory, 'a'), missing, false)).rejects.toThrow(
      /answered HTTP 404 Not Found/,
    );
    expect(readdirSync(directory)).toEqual([]);
  });
});
