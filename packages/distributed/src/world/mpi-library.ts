/** The apt command that installs what `initialize()` needs under mpirun. */
export const MPI_INSTALL_HINT =
  'install OpenMPI: apt-get install openmpi-bin libopenmpi-dev (Debian/Ubuntu) or dnf install openmpi (Fedora), or set KERAS_TS_MPI_LIBRARY to the path of libmpi.so.40';

/**
 * Where OpenMPI's libmpi is looked for, in order: the option, `KERAS_TS_MPI_LIBRARY`, then the
 * soname (the dynamic loader's search path) and the usual install folders.
 */
export function mpiLibraryCandidates(option: string | undefined, environment: NodeJS.ProcessEnv = process.env): string[] {
  if (option !== undefined) return [option];
  const fromEnvironment = environment.KERAS_TS_MPI_LIBRARY;
  if (fromEnvironment !== undefined && fromEnvironment !== '') return [fromEnvironment];
  return [
    'libmpi.so.40',
    '/usr/lib/x86_64-linux-gnu/libmpi.so.40',
    '/usr/lib/aarch64-linux-gnu/libmpi.so.40',
    '/usr/lib64/openmpi/lib/libmpi.so.40',
    '/usr/local/lib/libmpi.so.40',
    '/opt/openmpi/lib/libmpi.so.40',
  ];
}

/** Where NCCL and the CUDA runtime are looked for (`KERAS_TS_NCCL_LIBRARY`, `KERAS_TS_CUDART_LIBRARY` override). */
export function ncclLibraryPaths(option: string | undefined, environment: NodeJS.ProcessEnv = process.env): { nccl: string; cudart: string } {
  return {
    nccl: option ?? environment.KERAS_TS_NCCL_LIBRARY ?? 'libnccl.so.2',
    cudart: environment.KERAS_TS_CUDART_LIBRARY ?? ['libcudart.so.13', 'libcudart.so.12', 'libcudart.so'].join(':'),
  };
}
