import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AddonAttempt, type AddonCandidate, describeAttempts, hostPlatform, loadFirstAddon } from '@keras-ts/backend-kit/addon';
import { BackendError } from '@keras-ts/common';
import { withOpenBlasCoreType } from './core-type.js';
import type { NativeAddon } from './native-addon.js';

/** Whether the addon is usable in this process, where it came from, and why not when it is not. */
export interface NativeStatus {
  /** True when a compiled addon loaded. */
  available: boolean;
  /** Why no addon loaded: every place tried and why each failed, then the fix (empty when available). */
  reason: string;
  /** Absolute path of the addon that loaded (empty when none did). */
  addonPath: string;
  /** Where the loaded addon came from: {@link ADDON_PATH_VARIABLE}, `'source build'` or the prebuilt package's name. */
  source: string;
  /** The places tried before the one that loaded (all of them when none did). */
  attempts: readonly AddonAttempt[];
}

/** Environment variable naming a `keras_ts_native.node` to load instead of any other (and only it). */
export const ADDON_PATH_VARIABLE = 'KERAS_TS_NATIVE_ADDON';

/** The prebuilt platform packages, by `os-cpu-libc` of the hosts they run on. */
export const PREBUILT_PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  'linux-x64-glibc': '@keras-ts/backend-native-linux-x64-gnu',
});

const ADDON_FILE = 'keras_ts_native.node';
const SOURCE_BUILD_COMMAND = 'npx @keras-ts/backend-native build';
const OPENBLAS_HINT =
  'install OpenBLAS: apt-get install libopenblas0 (Debian/Ubuntu), dnf install openblas (Fedora), or put libopenblas.so.0 on LD_LIBRARY_PATH';

// Both src/addon/load.ts and dist/addon/load.js sit two folders below the package root.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

/** This host as the prebuilt packages are keyed: `os-cpu[-libc]`, e.g. `linux-x64-glibc`. */
function hostTag(): string {
  const host = hostPlatform();
  return [host.os, host.cpu, host.libc].filter(Boolean).join('-');
}

/** Advice for a dynamic-loader error, when the cause is one a user can fix. */
export function explainLoadError(message: string): string | undefined {
  if (/libopenblas\.so/.test(message)) return OPENBLAS_HINT;
  if (/GLIBC(XX)?_[\d.]+'? not found|CXXABI_[\d.]+'? not found/.test(message))
    return `this system's C/C++ runtime is older than the one the addon was built against; build from source: ${SOURCE_BUILD_COMMAND}`;
  if (/invalid ELF header|wrong ELF class|ELF file's OS ABI|not a dynamic executable/.test(message))
    return `the file is not an addon for this platform; build from source: ${SOURCE_BUILD_COMMAND}`;
  return undefined;
}

/** Why the local source build is missing: the reason scripts/build.mjs recorded, when it ran. */
function sourceBuildMissing(): string {
  const statusPath = join(packageRoot, 'build', 'native-status.json');
  if (existsSync(statusPath)) {
    try {
      const recorded = JSON.parse(readFileSync(statusPath, 'utf8')) as { built?: boolean; reason?: string };
      if (recorded.built === false && recorded.reason) return `not built: ${recorded.reason}`;
    } catch {
      return `not built (${statusPath} is unreadable)`;
    }
  }
  return 'not built';
}

/** The places to look, in order: the override alone when set, else the source build and the prebuilt. */
export function addonCandidates(environment: NodeJS.ProcessEnv = process.env): AddonCandidate[] {
  const override = environment[ADDON_PATH_VARIABLE];
  if (override !== undefined && override !== '') return [{ source: ADDON_PATH_VARIABLE, path: override }];
  const candidates: AddonCandidate[] = [{ source: 'source build', path: join(packageRoot, 'build', 'Release', ADDON_FILE), whenMissing: sourceBuildMissing() }];
  const tag = hostTag();
  const prebuilt = PREBUILT_PACKAGES[tag];
  if (prebuilt === undefined) {
    candidates.push({
      source: 'prebuilt',
      path: () => {
        throw new BackendError(`no prebuilt package for ${tag}`);
      },
      whenUnresolved: `no prebuilt package for ${tag} (prebuilt for: ${Object.keys(PREBUILT_PACKAGES).join(', ')})`,
    });
  } else {
    candidates.push({
      source: prebuilt,
      path: () => join(dirname(require.resolve(`${prebuilt}/package.json`)), ADDON_FILE),
      whenUnresolved: 'not installed (it is an optional dependency: reinstall without --omit=optional / --no-optional)',
      whenMissing: 'the package holds no addon',
    });
  }
  return candidates;
}

function load(): { status: NativeStatus; addon: NativeAddon | undefined } {
  const result = loadFirstAddon<NativeAddon>(addonCandidates(), {
    load: (path) => withOpenBlasCoreType(() => require(path) as NativeAddon),
    explain: explainLoadError,
  });
  if (result.addon !== undefined) {
    return {
      status: { available: true, reason: '', addonPath: result.path ?? '', source: result.source ?? '', attempts: result.attempts },
      addon: result.addon,
    };
  }
  const hinted = result.attempts.some((attempt) => explainLoadError(attempt.error) !== undefined);
  const fix = hinted
    ? ''
    : `. Install the prebuilt addon (${Object.values(PREBUILT_PACKAGES).join(', ')}) or build one: ${SOURCE_BUILD_COMMAND} (needs a C++17 compiler, make, python3 and libopenblas-dev)`;
  const reason = `no native addon could be loaded for ${hostTag()}: ${describeAttempts(result.attempts)}${fix}`;
  return { status: { available: false, reason, addonPath: '', source: '', attempts: result.attempts }, addon: undefined };
}

const loaded = load();

/** Whether the native addon loaded, from where, and the reason when it did not. */
export const nativeStatus: Readonly<NativeStatus> = Object.freeze(loaded.status);

let interceptor: NativeAddon | undefined;

/** The loaded addon; throws with the recorded reason when it is unavailable. */
export function nativeAddon(): NativeAddon {
  if (interceptor !== undefined) return interceptor;
  if (loaded.addon === undefined) throw new BackendError(`@keras-ts/backend-native: ${nativeStatus.reason}`);
  return loaded.addon;
}

/**
 * Makes {@link nativeAddon} return `addon` (a recording wrapper around the real one, see
 * step-program.ts) until called again with `undefined`.
 */
export function interceptNativeAddon(addon: NativeAddon | undefined): void {
  interceptor = addon;
}
