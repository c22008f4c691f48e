import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AddonCandidate, describeAttempts, hostPlatform, loadFirstAddon } from '@keras-ts/backend-kit/addon';
import { BackendError } from '@keras-ts/common';
import type { CudaAddon } from '../native/addon-types.js';

/** The outcome of loading the compiled addon: the addon and where it came from, or why there is none. */
export type AddonLoad = { addon: CudaAddon; path: string; source?: string } | { addon?: undefined; reason: string };

/** Environment variable naming a `keras_ts_cuda.node` to load instead of any other (and only it). */
export const ADDON_PATH_VARIABLE = 'KERAS_TS_CUDA_ADDON';

/** The prebuilt platform packages, by `os-cpu-libc` of the hosts they run on. */
export const PREBUILT_PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  'linux-x64-glibc': '@keras-ts/backend-cuda-linux-x64',
});

const ADDON_FILE = 'keras_ts_cuda.node';
const require = createRequire(import.meta.url);

/** The folder the build script writes to (`<package>/build`); src/ and dist/ sit at the same depth. */
export function buildFolder(): string {
  return fileURLToPath(new URL('../../build/', import.meta.url));
}

function sourceBuildMissing(): string {
  const skipped = `${buildFolder()}skipped.json`;
  if (!existsSync(skipped)) return 'not built';
  try {
    return `not built: ${(JSON.parse(readFileSync(skipped, 'utf8')) as { reason: string }).reason}`;
  } catch {
    return `not built (${skipped} is unreadable)`;
  }
}

function hostTag(): string {
  const host = hostPlatform();
  return [host.os, host.cpu, host.libc].filter(Boolean).join('-');
}

/** The places to look, in order: the override alone when set, else the source build and the prebuilt. */
export function addonCandidates(env: Record<string, string | undefined> = process.env): AddonCandidate[] {
  const override = env[ADDON_PATH_VARIABLE];
  if (override !== undefined && override !== '') return [{ source: ADDON_PATH_VARIABLE, path: override }];
  const candidates: AddonCandidate[] = [{ source: 'source build', path: `${buildFolder()}${ADDON_FILE}`, whenMissing: sourceBuildMissing() }];
  const prebuilt = PREBUILT_PACKAGES[hostTag()];
  candidates.push(
    prebuilt === undefined
      ? {
          source: 'prebuilt',
          path: () => {
            throw new BackendError(`no prebuilt package for ${hostTag()}`);
          },
          whenUnresolved: `no prebuilt package for ${hostTag()} (prebuilt for: ${Object.keys(PREBUILT_PACKAGES).join(', ')})`,
        }
      : {
          source: prebuilt,
          path: () => join(dirname(require.resolve(`${prebuilt}/package.json`)), ADDON_FILE),
          whenUnresolved: 'not installed (it is an optional dependency: reinstall without --omit=optional / --no-optional)',
          whenMissing: 'the package holds no addon',
        },
  );
  return candidates;
}

/**
 * Loads the addon from {@link ADDON_PATH_VARIABLE} when set (and only from there), else from the
 * package's own build (`build/keras_ts_cuda.node`), else from the prebuilt platform package;
 * never throws. The reason names every place tried and why each failed.
 */
export function loadAddon(env: Record<string, string | undefined> = process.env): AddonLoad {
  const result = loadFirstAddon<CudaAddon>(addonCandidates(env));
  if (result.addon !== undefined) return { addon: result.addon, path: result.path ?? '', source: result.source };
  return {
    reason: `no CUDA addon could be loaded for ${hostTag()}: ${describeAttempts(result.attempts)}. Install ${Object.values(PREBUILT_PACKAGES).join(', ')} (an optional dependency of @keras-ts/backend-cuda) or build it with nvcc (README, "Building")`,
  };
}
