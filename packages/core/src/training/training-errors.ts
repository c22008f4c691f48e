import { KerasError } from '../errors/errors.js';

/**
 * A model was asked to start `fit`, `evaluate`, `trainOnBatch`, `testOnBatch` or `compile` while
 * one of them was still running on it (a call not awaited, or one started from a callback). Their
 * batches would interleave and share the optimizer and metric state; await the running call
 * first. `predict` may run meanwhile.
 */
export class ModelBusyError extends KerasError {}

/**
 * A model was disposed while `fit` or `evaluate` was running on it. The call stops at its next
 * batch boundary with this error; nothing more is computed with the freed weights.
 */
export class ModelDisposedError extends KerasError {}
