import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { withOpenBlasCoreType } from './core-type.js';
import type { NativeAddon } from './native-addon.js';

/** Whether the addon is usable in this process, and why not when it is not. */
export interface NativeStatus {
  /** True when the compiled addon loaded. */
  available: boolean;
  /** Why the addon is unavailable (empty when available). */
  reason: string;
  /** Absolute path of the addon file that was (or would have been) loaded. */
  addonPath: string;
}

// Both src/addon/load.ts and dist/addon/load.js sit two folders below the package root.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));
const statusPath = `${packageRoot}build/native-status.json`;
const addonPath = `${packageRoot}build/Release/keras_ts_native.node`;

function load(): { status: NativeStatus; addon: NativeAddon | undefined } {
  const unavailable = (reason: string) => ({ status: { available: false, reason, addonPath }, addon: undefined });
  let recorded = '';
  let built: boolean | undefined;
  if (existsSync(statusPath)) {
    try {
      const status = JSON.parse(readFileSync(statusPath, 'utf8')) as { built?: boolean; reason?: string };
      recorded = status.reason ?? '';
      built = status.built;
    } catch {
      recorded = `${statusPath} is unreadable; rebuild the package`;
    }
  }
  if (built === false || !existsSync(addonPath)) {
    return unavailable(
      recorded !== ''
        ? `the native addon was not built: ${recorded}`
        : `the native addon was not built (${addonPath} is missing); run \`pnpm --filter @keras-ts/backend-native build\` on a machine with a C++17 compiler and OpenBLAS (libopenblas-dev)`,
    );
  }
  try {
    const addon = withOpenBlasCoreType(() => createRequire(import.meta.url)(addonPath) as NativeAddon);
    return { status: { available: true, reason: '', addonPath }, addon };
  } catch (error) {
    return unavailable(`the native addon at ${addonPath} failed to load: ${(error as Error).message}`);
  }
}

const loaded = load();

/** Whether the native addon loaded, and the reason when it did not. */
export const nativeStatus: Readonly<NativeStatus> = Object.freeze(loaded.status);

/** The loaded addon; throws with the recorded reason when it is unavailable. */
export function nativeAddon(): NativeAddon {
  if (loaded.addon === undefined) throw new Error(`@keras-ts/backend-native: ${nativeStatus.reason}`);
  return loaded.addon;
}
