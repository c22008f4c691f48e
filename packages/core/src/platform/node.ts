// The Node implementation of the platform, selected by the `node` condition of `#platform` in
// package.json. Only this file (and what it imports) touches `node:*`, `process` and `setImmediate`.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { appendFile, lstat, mkdir, open, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative as relativePath, sep } from 'node:path';
import { ValueError } from '../errors/errors.js';
import { type ContainedFile, type FileSystem, PathOutsideFolderError, type Platform } from './platform.js';

function isInside(folder: string, path: string): boolean {
  const relative = relativePath(folder, path);
  return relative === '' || (!relative.startsWith(`..${sep}`) && relative !== '..' && !isAbsolute(relative));
}

function outside(listed: string, source: string): PathOutsideFolderError {
  return new PathOutsideFolderError(
    `The weights path '${listed}' listed in ${source} leaves the model's folder; weight files must sit inside the folder of the model's JSON file. The file was not read.`,
  );
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * Resolves `listed` inside `folder` one segment at a time, following symbolic links only while
 * they stay inside (the real path of) the folder. Rejections happen before anything outside is
 * touched, and the same error covers every way of leaving, so nothing about the target shows.
 */
async function resolveInside(folder: string, listed: string, source: string): Promise<string> {
  if (listed.length === 0 || listed.includes('\0') || isAbsolute(listed) || /^[a-zA-Z]:/.test(listed) || listed.startsWith('\\')) {
    throw outside(listed, source);
  }
  const segments = listed.split(/[\\/]+/).filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..') || segments.length === 0) throw outside(listed, source);
  const root = await realpath(folder);
  let current = root;
  for (const segment of segments) {
    const next = join(current, segment);
    const info = await lstat(next).catch((error: unknown) => {
      if (isMissing(error)) throw new ValueError(`The weights file '${listed}' listed in ${source} does not exist; the model's files are incomplete.`);
      throw error;
    });
    if (info.isSymbolicLink()) {
      const target = await realpath(next).catch(() => undefined);
      if (target === undefined || !isInside(root, target)) throw outside(listed, source);
      current = target;
    } else {
      current = next;
    }
  }
  return current;
}

async function openInside(folder: string, listed: string, source: string): Promise<ContainedFile> {
  const path = await resolveInside(folder, listed, source);
  // O_NONBLOCK: opening a FIFO must not wait for a writer; O_NOFOLLOW: the path was resolved above.
  const flags = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0);
  const handle = await open(path, flags).catch((error: Error) => {
    throw new ValueError(`Cannot open the weights file '${listed}' listed in ${source}: ${error.message}.`);
  });
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new ValueError(`The weights path '${listed}' listed in ${source} is not a regular file.`);
  }
  return {
    size: info.size,
    read: async () => new Uint8Array(await handle.readFile()),
    close: () => handle.close(),
  };
}

function temporaryName(path: string): string {
  return `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** File access through `node:fs`. */
export const nodeFileSystem: FileSystem = {
  readText: (path) => readFile(path, 'utf8'),
  stat: async (path) => {
    const info = await stat(path).catch(() => undefined);
    return info === undefined ? undefined : { isFile: info.isFile(), isDirectory: info.isDirectory(), size: info.size };
  },
  async writeAtomically(files) {
    const written: string[] = [];
    try {
      for (const file of files) {
        await mkdir(dirname(file.path), { recursive: true });
        const temporary = temporaryName(file.path);
        written.push(temporary);
        await writeFile(temporary, file.data);
      }
      for (const [index, file] of files.entries()) await rename(written[index]!, file.path);
    } catch (error) {
      for (const temporary of written) await rm(temporary, { force: true });
      throw error;
    }
  },
  writeText: (path, text) => writeFile(path, text),
  appendText: (path, text) => appendFile(path, text),
  mkdir: async (path) => {
    await mkdir(path, { recursive: true });
  },
  remove: (path) => rm(path, { recursive: true, force: true }),
  join: (...segments) => join(...segments),
  dirname: (path) => dirname(path),
  basename: (path) => basename(path),
  openInside,
};

/** Node: files through `node:fs`, `setImmediate` between batches, progress on `process.stdout`. */
export const platform: Platform = {
  name: 'node',
  files: nodeFileSystem,
  yieldToEventLoop: () => new Promise<void>((done) => setImmediate(done)),
  progressStream: () => process.stdout,
};
