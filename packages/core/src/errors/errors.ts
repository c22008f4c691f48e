/** Base class of every error keras-ts throws for a user mistake. */
export class KerasError extends Error {
  constructor(message: string) {
    super(message);
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

/** The active backend lacks a kernel a model needs. */
export class MissingKernelError extends KerasError {}
