import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import { backendStatusOf, quietCpuBackend, recordBackendStatus } from '@keras-ts/backend-kit';
import { BackendError, ValueError } from '../errors/errors.js';
import { registerCpuUnsortedSegmentSum } from './cpu-kernels/UnsortedSegmentSum.js';

// The cpu backend is keras-ts's default everywhere; its stock UnsortedSegmentSum is too slow for Embedding.
registerCpuUnsortedSegmentSum();

// tfjs-backend-cpu greets every Node process with "Hi, looks like you are running TensorFlow.js
// in Node.js … install tfjs-node" on the cpu backend's first write. keras-ts's faster backends are
// its own packages (named in setBackend's messages), so the engine's cpu backend is created quiet.
quietCpuBackend();

/**
 * Install hints: the package that provides each keras-ts backend, by registered name. Whether a
 * backend is available, and why not, is recorded by the backend packages themselves through
 * `defineBackend` in `@keras-ts/backend-kit` (one process-wide record, shared across copies).
 */
const BACKEND_PACKAGES: Record<string, string> = {
  wasm: '@keras-ts/backend-wasm',
  native: '@keras-ts/backend-native',
  cuda: '@keras-ts/backend-cuda',
};

/**
 * Records why a backend could not be provided (no addon built, no GPU, …), so that
 * `setBackend(name)` can explain it. Backend packages defined with `defineBackend` record their
 * reasons themselves; this is for code that registers a backend some other way.
 */
export function reportBackendUnavailable(name: string, reason: string): void {
  recordBackendStatus(name, { available: false, reason, failedAt: 'registration' });
}

/**
 * Makes `name` the active backend. 'cpu' is always available; other backends register when their
 * package is imported (`import '@keras-ts/backend-wasm'`). Throws a `ValueError` saying why when
 * the backend's package is not installed, could not provide it here, or failed to initialise; the
 * backend that was active stays active then.
 */
export async function setBackend(name: string): Promise<void> {
  const registered = tf.engine().registryFactory[name] !== undefined;
  const status = backendStatusOf(name);
  if (!registered) {
    if (status !== undefined && !status.available) {
      throw new BackendError(`Backend '${name}' is not available: ${status.reason ?? 'its package gave no reason'}`);
    }
    const packageName = BACKEND_PACKAGES[name];
    if (packageName !== undefined) {
      throw new ValueError(
        `Backend '${name}' is not registered. Install and import its package first: ` +
          `npm install ${packageName}, then import '${packageName}'. Registered backends: ${listBackends().join(', ')}.`,
      );
    }
    throw new ValueError(
      `Unknown backend '${name}'. Registered backends: ${listBackends().join(', ')}; ` +
        `installable: ${Object.entries(BACKEND_PACKAGES)
          .map(([backend, pkg]) => `'${backend}' (${pkg})`)
          .join(', ')}.`,
    );
  }
  // tfjs's name of the active backend: undefined (or null) before any backend was initialised.
  const previous = tf.getBackend() as string | null | undefined;
  const ok = await tf.setBackend(name);
  if (!ok) {
    // tfjs leaves the failed name selected with no backend instance; go back to the one in use.
    if (previous !== null && previous !== undefined && previous !== name) await tf.setBackend(previous);
    const failure = backendStatusOf(name);
    const why = failure !== undefined && !failure.available && failure.reason !== undefined ? failure.reason : 'see the messages above';
    throw new BackendError(`Backend '${name}' is registered but failed to initialise: ${why}`);
  }
  await tf.ready();
}

/** Name of the active backend (initialising the best registered one if none is active yet). */
export function getBackend(): string {
  return tf.getBackend();
}

/** Names of the registered backends, highest priority first. */
export function listBackends(): string[] {
  const registry = tf.engine().registryFactory;
  return Object.keys(registry).sort((a, b) => (registry[b]?.priority ?? 0) - (registry[a]?.priority ?? 0));
}
