import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** One place a compiled N-API addon may be, in the order a backend's loader tries them. */
export interface AddonCandidate {
  /** How a user would name this place: `'KERAS_TS_NATIVE_ADDON'`, `'source build'`, a package name. */
  source: string;
  /**
   * The addon file, or a function that finds it and throws when it cannot (for example
   * `require.resolve` of a platform package that is not installed).
   */
  path: string | (() => string);
  /** Said instead of "file not found" when the file is missing (for example why a build skipped). */
  whenMissing?: string;
  /** Said instead of the resolver's error when `path` throws (for example "not installed"). */
  whenUnresolved?: string;
}

/** One failed try of {@link loadFirstAddon}. */
export interface AddonAttempt {
  /** {@link AddonCandidate.source}. */
  source: string;
  /** The file tried, when one was found. */
  path?: string;
  /** Why it did not load, with the fix when one is known. */
  error: string;
}

/** The outcome of {@link loadFirstAddon}: the addon and where it came from, plus every failed try. */
export interface AddonLoad<T> {
  /** The loaded addon, or `undefined` when no candidate loaded. */
  addon?: T;
  /** The file the addon was loaded from. */
  path?: string;
  /** {@link AddonCandidate.source} of the candidate that loaded. */
  source?: string;
  /** The candidates that were tried before (or instead of) the one that loaded. */
  attempts: AddonAttempt[];
}

/** Options for {@link loadFirstAddon}. */
export interface LoadAddonOptions<T> {
  /** Loads one file; default `require(path)`. Injected by tests. */
  load?: (path: string) => T;
  /** Turns a loader error into advice (e.g. which system package provides a missing library). */
  explain?: (message: string) => string | undefined;
}

const require = createRequire(import.meta.url);

function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

/**
 * Tries each candidate in order and returns the first addon that loads, never throwing. Each
 * failed candidate is recorded with a precise cause: not installed, file not found, or the
 * dynamic loader's message (e.g. "libopenblas.so.0: cannot open shared object file") followed by
 * `explain`'s advice.
 */
export function loadFirstAddon<T>(candidates: readonly AddonCandidate[], options: LoadAddonOptions<T> = {}): AddonLoad<T> {
  const load = options.load ?? ((path: string) => require(path) as T);
  const attempts: AddonAttempt[] = [];
  for (const candidate of candidates) {
    let path: string;
    try {
      path = typeof candidate.path === 'string' ? candidate.path : candidate.path();
    } catch (error) {
      attempts.push({ source: candidate.source, error: candidate.whenUnresolved ?? messageOf(error) });
      continue;
    }
    if (!existsSync(path)) {
      attempts.push({ source: candidate.source, path, error: candidate.whenMissing ?? 'file not found' });
      continue;
    }
    try {
      return { addon: load(path), path, source: candidate.source, attempts };
    } catch (error) {
      const message = messageOf(error);
      const advice = options.explain?.(message);
      attempts.push({ source: candidate.source, path, error: advice === undefined ? message : `${message} — ${advice}` });
    }
  }
  return { attempts };
}

/** The failed tries as one sentence fragment: "source (path): error; …". */
export function describeAttempts(attempts: readonly AddonAttempt[]): string {
  return attempts.map((attempt) => `${attempt.source}${attempt.path === undefined ? '' : ` (${attempt.path})`}: ${attempt.error}`).join('; ');
}

/** The host in the terms of package.json's `os`, `cpu` and `libc` fields. */
export interface HostPlatform {
  /** `process.platform`, e.g. `'linux'`. */
  os: NodeJS.Platform;
  /** `process.arch`, e.g. `'x64'`. */
  cpu: string;
  /** On Linux, the C library Node runs on. */
  libc?: 'glibc' | 'musl';
}

let host: HostPlatform | undefined;

/** The running host, for choosing a prebuilt platform package. */
export function hostPlatform(): HostPlatform {
  host ??= detectHost();
  return { ...host };
}

function detectHost(): HostPlatform {
  if (process.platform !== 'linux') return { os: process.platform, cpu: process.arch };
  // glibcVersionRuntime is present in Node's diagnostic report exactly when Node runs on glibc.
  const report = process.report as { excludeNetwork?: boolean; getReport(): unknown } | undefined;
  const excluded = report?.excludeNetwork;
  if (report !== undefined) report.excludeNetwork = true;
  try {
    const header = (report?.getReport() as { header?: { glibcVersionRuntime?: string } } | undefined)?.header;
    return { os: 'linux', cpu: process.arch, libc: header?.glibcVersionRuntime === undefined ? 'musl' : 'glibc' };
  } finally {
    if (report !== undefined) report.excludeNetwork = excluded ?? false;
  }
}
