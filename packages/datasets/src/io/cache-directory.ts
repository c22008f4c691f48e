import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Name of the environment variable that points at the dataset directory. */
export const DATASETS_ENVIRONMENT_VARIABLE = 'KERAS_TS_DATASETS';

/**
 * The directory searched for cached datasets and where downloads are written: the `cacheDir`
 * option, else `$KERAS_TS_DATASETS`, else `~/.keras-ts/datasets`.
 */
export function datasetsDirectory(explicit?: string): string {
  if (explicit) return resolve(explicit);
  const fromEnvironment = process.env[DATASETS_ENVIRONMENT_VARIABLE];
  if (fromEnvironment) return resolve(fromEnvironment);
  return join(homedir(), '.keras-ts', 'datasets');
}
