import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DatasetNotFoundError, DatasetValueError } from '../errors/errors.js';
import { datasetsDirectory } from './cache-directory.js';
import { DownloadError, downloadFile, type RemoteFile } from './download.js';
import { type FetchLike, resolveFetch } from './fetch.js';
import type { InflateOptions } from '../formats/inflate.js';
import type { PackagedSource } from './packaged-sources.js';
import type { ProgressStream } from './progress-bar.js';

/**
 * Where to look for a dataset, how to download it, and how far its compressed files may inflate
 * (`maxInflatedBytes`, default 512 MiB per member). Shared by every `loadData`.
 */
export interface SourceOptions extends InflateOptions {
  /** A dataset file, or a directory holding the dataset's files. Searched alone when given. */
  path?: string;
  /** The cache directory. Default: `$KERAS_TS_DATASETS`, else `~/.keras-ts/datasets`. */
  cacheDir?: string;
  /** Download function (default: the one from `setFetch`, else global `fetch`). */
  fetch?: FetchLike;
  /** Where the download progress bar goes: a stream, or `false` for none. Default: `process.stderr`. */
  progress?: ProgressStream | false;
}

/** One way a dataset can be stored: a list of files, each with accepted alternative names. */
export type FileLayout = readonly (readonly string[])[];

/** How to find one dataset. */
export interface DatasetSource {
  /** The dataset's name as users write it, for messages (`'mnist'`). */
  readonly name: string;
  /** Accepted layouts, most preferred first. A single-file layout may be given as `path`. */
  readonly layouts: readonly FileLayout[];
  /** Subfolder of the cache directory the dataset lives in (`''` for the top). */
  readonly cacheSubdirectory: string;
  /** Keras's files; once downloaded into the cache folder they form one of `layouts`. */
  readonly remote: readonly RemoteFile[];
  /** Installed packages that ship the data, searched after the cache. */
  readonly packaged?: () => readonly PackagedSource[];
}

/** The files found for a dataset. */
export interface LocatedDataset {
  /** Index into `layouts` of the layout found. */
  readonly layout: number;
  /** Absolute file paths, one per file of that layout. */
  readonly files: readonly string[];
}

function describeLayout(directory: string, layout: FileLayout): string {
  return layout.map((names) => join(directory, names.join(' or '))).join(', ');
}

function findLayout(directory: string, layouts: readonly FileLayout[]): LocatedDataset | undefined {
  for (const [index, layout] of layouts.entries()) {
    const files: string[] = [];
    for (const names of layout) {
      const found = names.map((name) => join(directory, name)).find((candidate) => existsSync(candidate));
      if (!found) break;
      files.push(found);
    }
    if (files.length === layout.length) return { layout: index, files };
  }
  return undefined;
}

function fromExplicitPath(source: DatasetSource, path: string): LocatedDataset {
  const absolute = resolve(path);
  if (!existsSync(absolute)) {
    throw new DatasetNotFoundError(
      `${source.name}: path '${absolute}' does not exist. Pass an existing file or directory, or omit \`path\` to use the cache and download.`,
      [absolute],
    );
  }
  if (statSync(absolute).isFile()) {
    const single = source.layouts.findIndex((layout) => layout.length === 1);
    if (single < 0) {
      throw new DatasetValueError(
        `${source.name}: path '${absolute}' is a file, but this dataset has several files; pass the directory that holds ${source.layouts
          .map((layout) => layout.map((names) => names[0]).join(', '))
          .join(' (or) ')}.`,
      );
    }
    return { layout: single, files: [absolute] };
  }
  const found = findLayout(absolute, source.layouts);
  if (found) return found;
  throw new DatasetNotFoundError(
    `${source.name}: directory '${absolute}' does not hold the dataset. Expected one of: ${source.layouts
      .map((layout) => `[${describeLayout(absolute, layout)}]`)
      .join('; ')}.`,
    [absolute],
  );
}

/**
 * Finds a dataset's files: the explicit `path`; else the cache directory; else packages that ship
 * the data; else downloads Keras's files into the cache, verified against Keras's hashes.
 * @throws DatasetNotFoundError naming every place searched when no copy exists and the download fails.
 */
export async function locateDataset(source: DatasetSource, options: SourceOptions = {}): Promise<LocatedDataset> {
  if (options.path !== undefined) return fromExplicitPath(source, options.path);
  const cache = join(datasetsDirectory(options.cacheDir), source.cacheSubdirectory);
  const searched: string[] = [];
  const cached = findLayout(cache, source.layouts);
  if (cached) return cached;
  searched.push(...source.layouts.map((layout) => describeLayout(cache, layout)));
  for (const packaged of source.packaged?.() ?? []) {
    if (packaged.directory) {
      const found = findLayout(packaged.directory, source.layouts);
      if (found) return found;
      searched.push(`${packaged.description}: ${packaged.directory}`);
    } else {
      searched.push(packaged.description);
    }
  }
  const fetch = resolveFetch(options.fetch);
  const progress = options.progress ?? process.stderr;
  try {
    for (const file of source.remote) {
      const destination = join(cache, file.name);
      if (!existsSync(destination)) await downloadFile(file, destination, fetch, progress);
    }
  } catch (error) {
    if (!(error instanceof DownloadError)) throw error;
    searched.push(`download: ${error.message}`);
    const places = searched.map((place) => `  - ${place}`).join('\n');
    const files = source.remote.map((file) => `  ${file.url} -> ${join(cache, file.name)}`).join('\n');
    throw new DatasetNotFoundError(
      `${source.name}: no local copy of ${source.remote.map((file) => `'${file.name}'`).join(', ')} was found and the download failed.\n` +
        `Searched:\n${places}\nTo fix: download these files and put them at\n${files}\n` +
        `(or set KERAS_TS_DATASETS to the folder that holds them, or pass \`path\`).`,
      searched,
    );
  }
  const downloaded = findLayout(cache, source.layouts);
  if (!downloaded) {
    throw new DatasetNotFoundError(`${source.name}: the downloaded files are missing from ${cache}.`, searched);
  }
  return downloaded;
}
