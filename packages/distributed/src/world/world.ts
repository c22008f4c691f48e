import { DistributedError } from '@keras-ts/common';
import * as tf from '@tensorflow/tfjs-core';
import type { CollectivesAddon } from '../addon/collectives-addon.js';
import { loadCollectivesAddon } from '../addon/load.js';
import { detectLauncher } from './launcher.js';
import { MPI_INSTALL_HINT, mpiLibraryCandidates, ncclLibraryPaths } from './mpi-library.js';

/** Options for {@link initialize}. */
export interface InitializeOptions {
  /**
   * Which collectives to start. `'auto'` (default): MPI when an MPI launcher started this process
   * (mpirun sets `OMPI_COMM_WORLD_SIZE`), otherwise a world of one process. `'mpi'`: MPI, failing
   * when it cannot start. `'none'`: a world of one process.
   */
  collectives?: 'auto' | 'mpi' | 'none';
  /** Seconds a collective waits for the other ranks before it throws a DistributedError. Default: 300. */
  timeout?: number;
  /** Path of OpenMPI's `libmpi.so.40`. Default: `KERAS_TS_MPI_LIBRARY`, else the dynamic loader's search. */
  mpiLibrary?: string;
  /**
   * NCCL for tensors on the 'cuda' backend: `'auto'` (default) starts it when the active backend
   * is 'cuda' at `initialize()`; `true` requires it; `false` sends every tensor through MPI.
   */
  nccl?: boolean | 'auto';
  /** Path of `libnccl.so.2`. Default: `KERAS_TS_NCCL_LIBRARY`, else the dynamic loader's search. */
  ncclLibrary?: string;
  /**
   * CUDA device of this rank for NCCL. Default: 0, the device the 'cuda' backend uses; give each
   * rank its own GPU by launching it with `CUDA_VISIBLE_DEVICES` set to its node-local rank (see the README).
   */
  device?: number;
  /**
   * When this process has an uncaught error, print it and end the whole job with MPI_Abort, so
   * the other ranks stop within seconds instead of waiting for the timeout. Default: true.
   */
  abortOnError?: boolean;
}

/** The processes training together, as {@link initialize} found them. */
export interface WorldInfo {
  /** This process's index, `0 … size - 1`. */
  rank: number;
  /** Number of processes. */
  size: number;
  /** The collectives in use: `'mpi'` (with `'nccl'` for CUDA tensors), or `'none'` in a world of one. */
  collectives: 'mpi' | 'mpi+nccl' | 'none';
}

/** The initialized world: rank, size and the addon that reaches the others. */
export interface World extends WorldInfo {
  addon?: CollectivesAddon;
  timeoutMs: number;
  finalized: boolean;
}

let world: World | undefined;
const handlers: { event: string; listener: (...args: never[]) => void }[] = [];

/**
 * Joins the processes an MPI launcher started (`mpirun -np N node train.mjs`): loads OpenMPI at
 * run time, initializes it and learns this process's rank and the world size. Without a launcher
 * it is a world of one process, so one script runs both ways. Call it once, before
 * `setDistribution`; later calls return the same world.
 *
 * Throws a DistributedError that names what is missing when the launcher started this process but
 * the collectives addon or libmpi cannot be loaded.
 */
export async function initialize(options: InitializeOptions = {}): Promise<WorldInfo> {
  if (world !== undefined) return info(world);
  const { collectives = 'auto', timeout = 300, abortOnError = true } = options;
  if (!(timeout > 0)) throw new DistributedError(`initialize: \`timeout\` must be a positive number of seconds, got ${timeout}.`);
  const launch = detectLauncher();
  if (collectives === 'none' || (collectives === 'auto' && !launch.launched)) {
    world = { rank: 0, size: 1, collectives: 'none', timeoutMs: timeout * 1000, finalized: false };
    return info(world);
  }
  const started = launch.launched
    ? `this process was started by an MPI launcher (${launch.evidence} is set)`
    : "initialize({ collectives: 'mpi' }) was asked for MPI";
  const loaded = loadCollectivesAddon();
  if (loaded.addon === undefined) {
    throw new DistributedError(
      `initialize: ${started}, but ${loaded.reason}. Build it with \`npx @keras-ts/distributed build\`, or run without mpirun for one process.`,
    );
  }
  const addon = loaded.addon;
  const failures: string[] = [];
  const library = mpiLibraryCandidates(options.mpiLibrary).find((candidate) => {
    const error = addon.loadMpi(candidate);
    if (error !== '') failures.push(error);
    return error === '';
  });
  if (library === undefined) {
    throw new DistributedError(
      `initialize: ${started}, but OpenMPI's libmpi.so.40 could not be loaded (${failures.join('; ')}). To fix it, ${MPI_INSTALL_HINT}.`,
    );
  }
  const timeoutMs = timeout * 1000;
  const { rank, size } = addon.initMpi(timeoutMs);
  if (launch.size !== undefined && launch.size !== size) {
    throw new DistributedError(
      `initialize: the launcher announced ${launch.size} processes but MPI_COMM_WORLD has ${size}; start the job with OpenMPI's mpirun (MPICH and Intel MPI launchers are not supported).`,
    );
  }
  world = { rank, size, collectives: 'mpi', addon, timeoutMs, finalized: false };
  addon.installTerminationNotice(
    `[keras-ts distributed] rank ${rank}: the launcher is ending this process (SIGTERM) because another rank failed or exited early; mpirun's message above or below names it.\n`,
  );
  if (abortOnError) installAbortOnError(world);
  if (options.nccl === true || (options.nccl !== false && tf.getBackend() === 'cuda')) startNccl(world, options);
  return info(world);
}

function info(current: World): WorldInfo {
  return { rank: current.rank, size: current.size, collectives: current.collectives };
}

function startNccl(current: World, options: InitializeOptions): void {
  const addon = current.addon!;
  const paths = ncclLibraryPaths(options.ncclLibrary);
  const error = addon.loadNccl(paths.nccl, paths.cudart);
  if (error !== '') {
    throw new DistributedError(
      `initialize: NCCL could not be loaded for the 'cuda' backend (${error}). Install the CUDA 13 NCCL wheel (pip install nvidia-nccl-cu13) and put its lib folder on LD_LIBRARY_PATH, set KERAS_TS_NCCL_LIBRARY, or pass initialize({ nccl: false }) to all-reduce through MPI.`,
    );
  }
  const uniqueId = current.rank === 0 ? addon.ncclUniqueId() : new Uint8Array(128);
  runCollective('MPI_Bcast (NCCL unique id)', () => addon.broadcast(uniqueId, 0, current.timeoutMs));
  runCollective('ncclCommInitRank', () => addon.ncclInit(uniqueId, current.size, current.rank, options.device ?? 0, current.timeoutMs));
  current.collectives = 'mpi+nccl';
}

/** An uncaught error on one rank ends the job at once (MPI_Abort) instead of leaving the others waiting. */
function installAbortOnError(current: World): void {
  const abort = (error: unknown) => {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`[keras-ts distributed] rank ${current.rank} failed; aborting the job (MPI_Abort):\n${text}\n`);
    current.addon!.abort(1);
  };
  const onExit = (code: number) => {
    if (current.finalized) return;
    // A rank leaving with an error must not leave the others in a collective until the timeout.
    if (code !== 0) current.addon!.abort(code);
    else finalizeWorld(current);
  };
  for (const [event, listener] of [
    ['uncaughtException', abort],
    ['unhandledRejection', abort],
    ['exit', onExit],
  ] as const) {
    process.on(event, listener);
    handlers.push({ event, listener });
  }
}

/** The initialized world, or a world of one when {@link initialize} was not called. */
export function currentWorld(): World | undefined {
  return world;
}

/** This process's rank (0 before {@link initialize} and in a world of one). */
export function getRank(): number {
  return world?.rank ?? 0;
}

/** The number of processes training together (1 before {@link initialize}). */
export function getWorldSize(): number {
  return world?.size ?? 1;
}

/**
 * Runs one collective of the addon, turning its failures into DistributedErrors that say which
 * rank waited, for how long, and which rank most likely failed.
 */
export function runCollective<T>(name: string, call: () => T): T {
  try {
    return call();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const current = world;
    if (current === undefined || typeof code !== 'string' || !code.startsWith('KERAS_TS_')) throw error;
    const others = current.size === 2 ? `rank ${1 - current.rank}` : `one of the other ${current.size - 1} ranks`;
    if (code === 'KERAS_TS_COLLECTIVE_TIMEOUT' || code === 'KERAS_TS_COLLECTIVE_STUCK') {
      throw new DistributedError(
        `${name} on rank ${current.rank} of ${current.size} waited ${current.timeoutMs / 1000} s for the other ranks and gave up: ${others} most likely failed, hangs, or took a different path (an error caught on one rank only, a rank-dependent branch around fit/evaluate/predict). ` +
          'Look at that rank’s output; raise initialize({ timeout }) if steps are just slow.',
        { cause: error },
      );
    }
    throw new DistributedError(`${name} failed on rank ${current.rank} of ${current.size}: ${(error as Error).message}`, { cause: error });
  }
}

function finalizeWorld(current: World): void {
  if (current.finalized) return;
  current.finalized = true;
  for (const { event, listener } of handlers.splice(0)) process.off(event, listener as (...args: unknown[]) => void);
  if (current.addon !== undefined) runCollective('MPI_Finalize', () => current.addon!.finalize(current.timeoutMs));
}

/**
 * Leaves the world: finalizes MPI (and NCCL). Every rank calls it at the end of the script; a
 * process that exits normally without it finalizes on exit. No collective works afterwards.
 */
export async function finalize(): Promise<void> {
  if (world !== undefined) finalizeWorld(world);
}
