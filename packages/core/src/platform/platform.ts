import { PlatformError } from '@keras-ts/common';
import { ValueError } from '../errors/errors.js';

/** What a file or directory is, from {@link FileSystem.stat}. */
export interface FileInfo {
  /** A regular file. */
  isFile: boolean;
  /** A directory. */
  isDirectory: boolean;
  /** Size in bytes. */
  size: number;
}

/** One file of an atomic write: its final path and its contents. */
export interface FileToWrite {
  path: string;
  data: Uint8Array | string;
}

/**
 * One save as a whole (see {@link FileSystem.commitSave}): files only `commit` refers to, the file
 * whose rename makes the save visible, and the previous save's files to delete afterwards.
 */
export interface SaveCommit {
  /** Files readers reach only through `commit` (content-addressed weight files): made durable first. */
  payload: FileToWrite[];
  /** The manifest (`model.json`): written to a temporary name, flushed, and renamed into place last. */
  commit: FileToWrite;
  /** Files of the replaced save to delete once the commit is durable. */
  obsolete: string[];
}

/**
 * Stages of {@link FileSystem.commitSave}, in order. Setting the environment variable
 * `KERAS_TS_SAVE_KILL_AT` to one of them makes the Node file system kill its own process with
 * SIGKILL when the stage is reached (a test hook for crash consistency; unset, it does nothing).
 */
export const SAVE_STAGES = ['payload-written', 'payload-renamed', 'commit-written', 'committed', 'cleanup'] as const;

/** One of {@link SAVE_STAGES}. */
export type SaveStage = (typeof SAVE_STAGES)[number];

/**
 * A weight file opened inside a model's folder (see {@link FileSystem.openInside}): its size is
 * known before a byte is read, so callers check it against the manifest first.
 */
export interface ContainedFile {
  /** Size in bytes. */
  readonly size: number;
  /** Reads the whole file. */
  read(): Promise<Uint8Array>;
  /** Releases the file handle. */
  close(): Promise<void>;
}

/**
 * File access for the features that read or write files (the file save handler, CSVLogger,
 * BackupAndRestore, ModelCheckpoint). Node implements it; browsers have none.
 */
export interface FileSystem {
  /** Reads a text file (UTF-8). */
  readText(path: string): Promise<string>;
  /** What `path` is, or `undefined` when nothing is there. */
  stat(path: string): Promise<FileInfo | undefined>;
  /**
   * Writes every file to a temporary name beside its target, then renames them into place, so
   * an interrupted write never leaves a half-written file under a final name. Creates the
   * directories it needs.
   */
  writeAtomically(files: FileToWrite[]): Promise<void>;
  /**
   * Commits a save so that a crash at any point leaves either the previous save or the new one,
   * each complete: every payload file is written to a temporary name, flushed and renamed into
   * place; then `commit` likewise, its rename being the single commit point; then the obsolete
   * files are deleted, and so are temporary files that crashed writes (dead processes) left in the
   * folder. Creates the directories it needs.
   */
  commitSave(save: SaveCommit): Promise<void>;
  /** Names of the entries of a directory; `[]` when it does not exist. */
  list(folder: string): Promise<string[]>;
  /** Hex SHA-256 of `data` (names content-addressed weight files and checks them on load). */
  digest(data: Uint8Array): string;
  /** Replaces a text file's contents (creating it). */
  writeText(path: string, text: string): Promise<void>;
  /** Appends text to a file (creating it). */
  appendText(path: string, text: string): Promise<void>;
  /** Creates a directory and its parents. */
  mkdir(path: string): Promise<void>;
  /** Deletes a file or a directory tree; nothing happens when it does not exist. */
  remove(path: string): Promise<void>;
  /** Joins path segments with the platform's separator. */
  join(...segments: string[]): string;
  /** The directory part of a path. */
  dirname(path: string): string;
  /** The last segment of a path. */
  basename(path: string): string;
  /**
   * Opens `relative` (a path read from the model file described by `source`, e.g. `'dir/model.json'`)
   * inside `folder`. Throws a
   * {@link PathOutsideFolderError} when it is absolute, climbs out with `..`, or reaches outside
   * through a symbolic link (saying nothing about the target), and a ValueError when it is
   * missing or not a regular file.
   */
  openInside(folder: string, relative: string, source: string): Promise<ContainedFile>;
}

/** Where the progress display writes (`process.stdout` in Node, the console in a browser). */
export interface ProgressStream {
  /** Writes text; lines end with `\n`, in-place redraws start with `\r`. */
  write(text: string): unknown;
  /** A terminal that can redraw a line in place. */
  isTTY?: boolean;
}

/** What differs between Node and browsers: selected by the `#platform` import condition. */
export interface Platform {
  /** 'node' or 'browser'. */
  readonly name: 'node' | 'browser';
  /** File access, or `undefined` where there is none (browsers). */
  readonly files: FileSystem | undefined;
  /** Resolves after pending events (timers, I/O, UI) had a chance to run. */
  yieldToEventLoop(): Promise<void>;
  /** The default destination of the progress display. */
  progressStream(): ProgressStream;
  /**
   * The terminal's width in columns, as Python's `shutil.get_terminal_size` finds it (`COLUMNS`,
   * then the terminal), or `undefined` where there is none; `summary()` fits its table to it.
   */
  terminalColumns(): number | undefined;
  /**
   * The HDF5 library for Keras's `.weights.h5` files: h5wasm's module namespace, imported on first
   * use (in browsers through a dynamic import that bundlers split into a chunk of its own: h5wasm
   * embeds a 4 MB WebAssembly binary); a {@link PlatformError} when it cannot be loaded. Typed
   * `unknown` here so that h5wasm's global Emscripten declarations never reach the declaration
   * files users compile against (they clash with `@types/emscripten`); saving/keras3/h5.ts types it.
   */
  loadHdf5(): Promise<unknown>;
}

// PlatformError lives in @keras-ts/common so that vis's NodeOnlyError can extend it.
export { PlatformError } from '@keras-ts/common';

/**
 * A path listed in a model file points outside the model's folder (`..`, an absolute path or a
 * symbolic link). The message names the listed path only, never what it points to.
 */
export class PathOutsideFolderError extends ValueError {}

/** The file system, or a {@link PlatformError} whose message is `message`. */
export function requireFiles(files: FileSystem | undefined, message: string): FileSystem {
  if (files === undefined) throw new PlatformError(message);
  return files;
}
