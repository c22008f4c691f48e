import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type AddonCandidate, describeAttempts, loadFirstAddon } from '@keras-ts/backend-kit/addon';
import type { CollectivesAddon } from './collectives-addon.js';

/** Environment variable naming a `keras_ts_distributed.node` to load instead of the package's own build. */
export const ADDON_PATH_VARIABLE = 'KERAS_TS_DISTRIBUTED_ADDON';

const BUILD_COMMAND = 'npx @keras-ts/distributed build';
// src/addon/load.ts and dist/addon/load.js both sit two folders below the package root.
const packageRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Why the source build is missing: what scripts/build.mjs recorded, when it ran. */
function sourceBuildMissing(): string {
  try {
    const status = JSON.parse(readFileSync(join(packageRoot, 'build', 'native-status.json'), 'utf8')) as { reason?: string };
    if (status.reason) return `not built: ${status.reason}`;
  } catch {
    // No status: the build script never ran here.
  }
  return `not built; run \`${BUILD_COMMAND}\` (needs a C++17 compiler, make and python3)`;
}

/** Where the addon is looked for, in order. */
export function addonCandidates(environment: NodeJS.ProcessEnv = process.env): AddonCandidate[] {
  const override = environment[ADDON_PATH_VARIABLE];
  if (override !== undefined && override !== '') return [{ source: ADDON_PATH_VARIABLE, path: override }];
  return [{ source: 'source build', path: join(packageRoot, 'build', 'Release', 'keras_ts_distributed.node'), whenMissing: sourceBuildMissing() }];
}

/** The loaded addon, or why none loaded. */
export type AddonOutcome = { addon: CollectivesAddon; path: string; reason?: undefined } | { addon?: undefined; path?: undefined; reason: string };

let outcome: AddonOutcome | undefined;

/** Loads the collectives addon once (lazily: only a process that initializes MPI needs it). */
export function loadCollectivesAddon(): AddonOutcome {
  if (outcome !== undefined) return outcome;
  const loaded = loadFirstAddon<CollectivesAddon>(addonCandidates());
  outcome =
    loaded.addon !== undefined && loaded.path !== undefined
      ? { addon: loaded.addon, path: loaded.path }
      : { reason: `no collectives addon could be loaded (${describeAttempts(loaded.attempts)})` };
  return outcome;
}

/** Whether a file exists (used to name the libmpi candidates that are present). */
export function fileExists(path: string): boolean {
  return existsSync(path);
}
