/**
 * The error classes every keras-ts package throws. Each message says what was wrong, what was
 * expected, what was found, and the fix when there is one. Catch {@link KerasError} to catch them
 * all; `error.name` is the class name.
 */

/** Base class of every error keras-ts throws. */
export class KerasError extends Error {
  /** `message` says what was wrong, what was expected, what was found and the fix. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An argument has a wrong value: unknown identifier, bad option, mismatched data. */
export class ValueError extends KerasError {}

/** A tensor or layer has an incompatible shape or rank. */
export class ShapeError extends ValueError {}

/** `fit`, `evaluate` or `trainOnBatch` was called before `compile`. */
export class NotCompiledError extends KerasError {}

/** The layer graph is malformed: disconnected outputs, duplicate names, non-Input inputs. */
export class GraphError extends ValueError {}

/**
 * A backend, its native addon or one of its kernels failed or cannot do what was asked: the addon
 * did not load, a dtype or rank the kernel does not support, a kernel missing from the addon.
 */
export class BackendError extends KerasError {}

/** The active backend lacks a kernel a model needs. */
export class MissingKernelError extends BackendError {}

/** A feature needs a capability this platform lacks (files in a browser, a Node-only renderer). */
export class PlatformError extends KerasError {}

/**
 * Training across processes failed: MPI or NCCL is missing or cannot start, a collective timed
 * out waiting for another rank, or a rank failed (`@keras-ts/distributed`).
 */
export class DistributedError extends KerasError {}

/**
 * An internal invariant of keras-ts does not hold ("should not happen"). It is never the caller's
 * mistake: seeing one is a keras-ts bug, and its message says which invariant broke so it can be
 * reported. Do not throw it for bad arguments or bad data; use {@link ValueError} and friends.
 */
export class InternalError extends KerasError {}
