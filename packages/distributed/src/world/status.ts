import { loadCollectivesAddon } from '../addon/load.js';
import { mpiLibraryCandidates } from './mpi-library.js';

/** Whether MPI collectives can start in this process, and why not. */
export interface CollectivesStatus {
  /** True when the addon and OpenMPI's libmpi both load. */
  available: boolean;
  /** Why not (empty when available). */
  reason: string;
  /** The addon file that loaded. */
  addonPath?: string;
  /** The libmpi that loaded. */
  mpiLibrary?: string;
}

/**
 * Checks that the collectives addon and libmpi load, without initializing MPI (so it is safe
 * outside mpirun): what `npx @keras-ts/distributed status` prints.
 */
export function collectivesStatus(): CollectivesStatus {
  const loaded = loadCollectivesAddon();
  if (loaded.addon === undefined) return { available: false, reason: loaded.reason };
  const errors: string[] = [];
  for (const candidate of mpiLibraryCandidates(undefined)) {
    const error = loaded.addon.loadMpi(candidate);
    if (error === '') return { available: true, reason: '', addonPath: loaded.path, mpiLibrary: candidate };
    errors.push(error);
  }
  return { available: false, reason: `libmpi.so.40 could not be loaded: ${errors.join('; ')}`, addonPath: loaded.path };
}
