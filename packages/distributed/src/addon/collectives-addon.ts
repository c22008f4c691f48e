/**
 * The functions the compiled addon (`native/addon.cc`) exports. Every collective runs on the
 * addon's worker thread while the calling thread waits up to `timeoutMs` (0: forever); a timeout
 * throws an Error whose `code` is `'KERAS_TS_COLLECTIVE_TIMEOUT'`.
 */
export interface CollectivesAddon {
  /** dlopens OpenMPI's libmpi and finds its symbols; returns `''` or why not. */
  loadMpi(path: string): string;
  /** MPI_Init_thread (requesting MPI_THREAD_MULTIPLE), then the world rank and size. */
  initMpi(timeoutMs: number): { rank: number; size: number; threadLevel: number };
  /** `receive` = the sum over ranks of `send` (the same array for in place), one MPI_Allreduce per `bucketElements` floats. */
  allReduceSum(send: Float32Array, receive: Float32Array, bucketElements: number, timeoutMs: number): void;
  /** In-place MPI_Bcast of the array's bytes from `root`. */
  broadcast(data: Float32Array | Int32Array | Uint8Array, root: number, timeoutMs: number): void;
  /** Every rank's `count` into `counts` (length: world size). */
  allGatherCounts(count: number, counts: Int32Array, timeoutMs: number): void;
  /** Every rank's `local` into `out`, in rank order (`counts` from {@link CollectivesAddon.allGatherCounts}). */
  allGatherv(local: Float32Array, counts: Int32Array, out: Float32Array, timeoutMs: number): void;
  /** MPI_Abort on MPI_COMM_WORLD from the calling thread; mpirun then ends every rank. Never returns. */
  abort(code: number): never;
  /** MPI_Finalize (and ncclCommDestroy). */
  finalize(timeoutMs: number): void;
  /** Makes SIGTERM (mpirun ending the job) print `notice` to stderr before the process dies. */
  installTerminationNotice(notice: string): void;
  /** dlopens the CUDA runtime (first of the `:`-separated paths) and NCCL; returns `''` or why not. */
  loadNccl(ncclPath: string, cudartPaths: string): string;
  /** ncclGetUniqueId's 128 bytes (rank 0 creates them; MPI broadcasts them). */
  ncclUniqueId(): Uint8Array;
  /** cudaSetDevice(device), then ncclCommInitRank. */
  ncclInit(uniqueId: Uint8Array, size: number, rank: number, device: number, timeoutMs: number): void;
  /** In place on the device: sum over ranks (`root` < 0) or broadcast from `root`; waits for the stream. */
  ncclCollective(pointer: number | bigint, count: number, root: number, timeoutMs: number): void;
}
