import * as tf from '@tensorflow/tfjs-core';

/**
 * Stops a tfjs-backend-cpu `MathBackendCPU` (or a subclass, such as the native backend) from
 * printing tfjs's "Hi, looks like you are running TensorFlow.js in Node.js … install tfjs-node"
 * banner on its first write. The banner points keras-ts users to a package that is not part of
 * keras-ts (and cannot be installed where libtensorflow cannot be downloaded); keras-ts's own
 * faster backends are named in `setBackend`'s messages and the READMEs instead. The banner is
 * guarded by the instance's `firstUse` flag, which nothing else reads; other backends are left as
 * they are.
 */
export function silenceTfjsNodeNotice(backend: object): void {
  const candidate = backend as { firstUse?: unknown };
  if (typeof candidate.firstUse === 'boolean') candidate.firstUse = false;
}

interface EngineRegistries {
  registryFactory: Record<string, { factory: () => tf.KernelBackend | Promise<tf.KernelBackend> } | undefined>;
  registry: Record<string, tf.KernelBackend | undefined>;
}

const QUIETED_KEY = Symbol.for('keras-ts.quietCpuFactory');

/**
 * Makes tfjs-core's 'cpu' backend quiet ({@link silenceTfjsNodeNotice}): the instance already
 * created, if any, and every one its registered factory creates. Idempotent; `@keras-ts/core` and
 * `defineBackend` call it, so any keras-ts import keeps the banner away.
 */
export function quietCpuBackend(): void {
  const engine = tf.engine() as unknown as EngineRegistries;
  const existing = engine.registry.cpu;
  if (existing !== undefined) silenceTfjsNodeNotice(existing);
  const entry = engine.registryFactory.cpu;
  if (entry === undefined || (entry.factory as unknown as Record<symbol, boolean>)[QUIETED_KEY] === true) return;
  const original = entry.factory;
  const quiet = () => {
    const backend = original();
    if (!(backend instanceof Promise)) silenceTfjsNodeNotice(backend);
    return backend;
  };
  (quiet as unknown as Record<symbol, boolean>)[QUIETED_KEY] = true;
  entry.factory = quiet;
}
