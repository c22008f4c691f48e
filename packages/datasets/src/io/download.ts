import { createHash } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ChecksumError, DatasetError } from '../errors/errors.js';
import type { FetchLike, FetchResponseLike } from './fetch.js';
import { ProgressBar, type ProgressStream } from './progress-bar.js';

/** A file Keras publishes, with the hash Keras checks (sha256, or md5 for 32 hex digits). */
export interface RemoteFile {
  /** File name in the cache directory (may include a subfolder). */
  readonly name: string;
  /** Download address, the same origin Keras uses. */
  readonly url: string;
  /** Hex digest: 64 digits for sha256, 32 for md5. */
  readonly hash: string;
}

/** The network could not be reached or answered with an error status. */
export class DownloadError extends DatasetError {}

/** Returns the hash algorithm Keras infers from a digest's length. */
export function hashAlgorithm(hash: string): 'sha256' | 'md5' {
  return hash.length === 32 ? 'md5' : 'sha256';
}

async function* chunks(response: FetchResponseLike): AsyncGenerator<Uint8Array> {
  const body = response.body;
  if (!body) {
    yield new Uint8Array(await response.arrayBuffer());
    return;
  }
  if (Symbol.asyncIterator in body) {
    yield* body as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (body as ReadableStream<Uint8Array>).getReader();
  while (true) {
    const { done, value } = await reader.read();
    if (done) return;
    yield value;
  }
}

/**
 * Downloads `file.url` to `destination`, verifying the hash before the file becomes visible:
 * bytes go to a temporary file beside the destination, which is renamed into place only when the
 * digest matches (so an interrupted or corrupt download never leaves a partial file in the cache).
 * @throws DownloadError when fetching fails; ChecksumError when the digest differs.
 */
export async function downloadFile(file: RemoteFile, destination: string, fetch: FetchLike, progress: ProgressStream | false): Promise<void> {
  let response: FetchResponseLike;
  try {
    response = await fetch(file.url);
  } catch (error) {
    throw new DownloadError(`could not fetch ${file.url}: ${(error as Error).message}`);
  }
  if (!response.ok) {
    throw new DownloadError(`fetching ${file.url} answered HTTP ${response.status} ${response.statusText ?? ''}`.trim());
  }
  const algorithm = hashAlgorithm(file.hash);
  const hash = createHash(algorithm);
  const lengthHeader = response.headers?.get('content-length');
  const total = lengthHeader ? Number(lengthHeader) : undefined;
  const bar = progress ? new ProgressBar(progress, `Downloading ${basename(file.name)}`, total) : undefined;
  if (progress) progress.write(`Downloading data from ${file.url}\n`);
  await mkdir(dirname(destination), { recursive: true });
  const temporary = `${destination}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  const handle = await open(temporary, 'w');
  let received = 0;
  try {
    for await (const chunk of chunks(response)) {
      hash.update(chunk);
      await handle.write(chunk);
      received += chunk.length;
      bar?.update(received);
    }
  } catch (error) {
    await handle.close();
    await rm(temporary, { force: true });
    throw new DownloadError(`the download of ${file.url} was interrupted: ${(error as Error).message}`);
  }
  await handle.close();
  bar?.finish(received);
  const digest = hash.digest('hex');
  if (digest !== file.hash.toLowerCase()) {
    await rm(temporary, { force: true });
    throw new ChecksumError(file.name, algorithm, file.hash, digest, file.url);
  }
  await rename(temporary, destination);
}
