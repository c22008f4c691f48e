// The Node implementation of the platform, selected by the `node` condition of `#platform` in
// package.json. Only this file (and what it imports) touches `node:*`, `process` and `setImmediate`.
import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { appendFile, lstat, mkdir, open, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative as relativePath, resolve, sep } from 'node:path';
import { ValueError } from '../errors/errors.js';
import { type ContainedFile, type FileSystem, type FileToWrite, PathOutsideFolderError, type Platform, type SaveCommit, type SaveStage } from './platform.js';

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

// `<final name>.tmp-<pid>-<8 hex>`: what this file system writes before renaming, and the only
// names it deletes as leftovers (of processes that are gone).
const TEMPORARY = /\.tmp-(\d+)-[0-9a-f]{8}$/;
const inFlight = new Set<string>();

function temporaryName(path: string): string {
  const name = `${path}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  inFlight.add(resolve(name));
  return name;
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** The crash-consistency test hook: see SAVE_STAGES in platform.ts. */
function reached(stage: SaveStage): void {
  if (process.env.KERAS_TS_SAVE_KILL_AT === stage) process.kill(process.pid, 'SIGKILL');
}

/** Writes `data` to `path` and flushes it to the disk before returning. */
async function writeFlushed(path: string, data: Uint8Array | string): Promise<void> {
  const handle = await open(path, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes renames in `folder` durable; some systems (Windows) cannot open a directory, and need not. */
async function flushFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r').catch(() => undefined);
  if (handle === undefined) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/** Writes to a temporary name, flushes, renames into place; `stages` are reported after the write and after the rename. */
async function replaceFile(file: FileToWrite, stages?: [SaveStage, SaveStage]): Promise<void> {
  await mkdir(dirname(file.path), { recursive: true });
  const temporary = temporaryName(file.path);
  try {
    await writeFlushed(temporary, file.data);
    if (stages !== undefined) reached(stages[0]);
    await rename(temporary, file.path);
    if (stages !== undefined) reached(stages[1]);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  } finally {
    inFlight.delete(resolve(temporary));
  }
}

/** Deletes temporary files in `folder` left by writes of processes that no longer run. */
async function removeLeftovers(folder: string): Promise<void> {
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    const match = TEMPORARY.exec(name);
    if (match === null) continue;
    const path = join(folder, name);
    const ours = Number(match[1]) === process.pid;
    if ((ours && !inFlight.has(resolve(path))) || (!ours && !isAlive(Number(match[1])))) await rm(path, { force: true });
  }
}

async function commitSave(save: SaveCommit): Promise<void> {
  const folders = new Set([save.commit, ...save.payload].map((file) => dirname(file.path)));
  for (const file of save.payload) await replaceFile(file, ['payload-written', 'payload-renamed']);
  for (const folder of folders) await flushFolder(folder);
  await replaceFile(save.commit, ['commit-written', 'committed']);
  await flushFolder(dirname(save.commit.path));
  for (const path of save.obsolete) {
    await rm(path, { force: true });
    reached('cleanup');
  }
  for (const folder of folders) await removeLeftovers(folder);
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
        await writeFlushed(temporary, file.data);
      }
      for (const [index, file] of files.entries()) await rename(written[index]!, file.path);
    } catch (error) {
      for (const temporary of written) await rm(temporary, { force: true });
      throw error;
    } finally {
      for (const temporary of written) inFlight.delete(resolve(temporary));
    }
  },
  commitSave,
  list: (folder) => readdir(folder).catch(() => [] as string[]),
  digest: (data) => createHash('sha256').update(data).digest('hex'),
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
  terminalColumns: () => {
    const fromEnvironment = Number.parseInt(process.env.COLUMNS ?? '', 10);
    return fromEnvironment > 0 ? fromEnvironment : process.stdout.columns || undefined;
  },
  loadHdf5: () => import('h5wasm'),
};
