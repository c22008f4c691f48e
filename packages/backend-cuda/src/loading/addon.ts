import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { CudaAddon } from '../native/addon-types.js';

/** The outcome of loading the compiled addon: the addon, or why there is none. */
export type AddonLoad = { addon: CudaAddon; path: string } | { addon?: undefined; reason: string };

/** Environment variable naming a prebuilt `keras_ts_cuda.node` to load instead of the package's build. */
export const ADDON_PATH_VARIABLE = 'KERAS_TS_CUDA_ADDON';

/** The folder the build script writes to (`<package>/build`); src/ and dist/ sit at the same depth. */
export function buildFolder(): string {
  return fileURLToPath(new URL('../../build/', import.meta.url));
}

/** Loads `build/keras_ts_cuda.node` (or `KERAS_TS_CUDA_ADDON`); never throws. */
export function loadAddon(env: Record<string, string | undefined> = process.env): AddonLoad {
  const path = env[ADDON_PATH_VARIABLE] ?? `${buildFolder()}keras_ts_cuda.node`;
  if (!existsSync(path)) {
    const skipped = `${buildFolder()}skipped.json`;
    if (existsSync(skipped)) {
      const { reason } = JSON.parse(readFileSync(skipped, 'utf8')) as { reason: string };
      return { reason: `the CUDA addon was not built: ${reason}` };
    }
    return { reason: `the CUDA addon was not built (${path} is missing); run \`pnpm --filter @keras-ts/backend-cuda build\` on a machine with nvcc.` };
  }
  try {
    const require = createRequire(import.meta.url);
    return { addon: require(path) as CudaAddon, path };
  } catch (error) {
    return { reason: `the CUDA addon at ${path} failed to load: ${(error as Error).message}` };
  }
}
