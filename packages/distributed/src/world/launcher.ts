/** How this process was started, as far as the environment tells. */
export interface LaunchInfo {
  /** True when an MPI launcher (mpirun / mpiexec / srun with PMIx) started it. */
  launched: boolean;
  /** The world size the launcher announced, when it did. */
  size?: number;
  /** This process's rank on its node (chooses its GPU), when announced. */
  localRank?: number;
  /** The variable that gave it away, for messages. */
  evidence?: string;
}

function integer(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isInteger(parsed) ? parsed : undefined;
}

/**
 * Reads the launcher's variables: OpenMPI's mpirun sets `OMPI_COMM_WORLD_SIZE` and
 * `OMPI_COMM_WORLD_LOCAL_RANK`; PMIx launchers (OpenMPI 5, Slurm's srun) set `PMIX_RANK`; MPICH's
 * Hydra sets `PMI_SIZE` (detected, so the error can say MPICH is not supported).
 */
export function detectLauncher(environment: NodeJS.ProcessEnv = process.env): LaunchInfo {
  const openMpiSize = integer(environment.OMPI_COMM_WORLD_SIZE);
  const localRank = integer(environment.OMPI_COMM_WORLD_LOCAL_RANK ?? environment.MPI_LOCALRANKID ?? environment.SLURM_LOCALID);
  if (openMpiSize !== undefined) return { launched: true, size: openMpiSize, localRank, evidence: 'OMPI_COMM_WORLD_SIZE' };
  if (environment.PMIX_RANK !== undefined) return { launched: true, localRank, evidence: 'PMIX_RANK' };
  const pmiSize = integer(environment.PMI_SIZE);
  if (pmiSize !== undefined) return { launched: true, size: pmiSize, localRank, evidence: 'PMI_SIZE' };
  return { launched: false };
}
