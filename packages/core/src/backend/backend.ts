import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import { ValueError } from '../errors/errors.js';
import { registerCpuUnsortedSegmentSum } from './cpu-kernels/UnsortedSegmentSum.js';

// The cpu backend is keras-ts's default everywhere; its stock UnsortedSegmentSum is too slow for Embedding.
registerCpuUnsortedSegmentSum();

/** Backends keras-ts ships as separate packages, by registered name. */
const BACKEND_PACKAGES: Record<string, string> = {
  wasm: '@keras-ts/backend-wasm',
  native: '@keras-ts/backend-native',
  cuda: '@keras-ts/backend-cuda',
};

/**
 * Why a backend package could not register itself, by backend name. Backend packages depend only
 * on tfjs-core, so they write to this process-wide map (a well-known symbol on globalThis) rather
 * than importing core.
 */
const UNAVAILABLE_BACKENDS = Symbol.for('keras-ts.unavailableBackends');
function unavailableReasons(): Map<string, string> {
  const holder = globalThis as unknown as Record<symbol, Map<string, string> | undefined>;
  holder[UNAVAILABLE_BACKENDS] ??= new Map();
  return holder[UNAVAILABLE_BACKENDS];
}

/**
 * Records why a backend package did not register its backend (no addon built, no GPU, …), so
 * that `setBackend(name)` can explain it. Backend packages write the same map through
 * `globalThis[Symbol.for('keras-ts.unavailableBackends')]`.
 */
export function reportBackendUnavailable(name: string, reason: string): void {
  unavailableReasons().set(name, reason);
}

/**
 * Makes `name` the active backend. 'cpu' is always available; other backends register when their
 * package is imported (`import '@keras-ts/backend-wasm'`).
 */
export async function setBackend(name: string): Promise<void> {
  const registered = tf.engine().registryFactory[name] !== undefined;
  if (!registered) {
    const packageName = BACKEND_PACKAGES[name];
    const reason = unavailableReasons().get(name);
    if (reason !== undefined) {
      throw new ValueError(`Backend '${name}' is not available: ${reason}`);
    }
    if (packageName !== undefined) {
      throw new ValueError(
        `Backend '${name}' is not registered. Install and import its package first: ` +
          `npm install ${packageName}, then import '${packageName}'. Registered backends: ${listBackends().join(', ')}.`,
      );
    }
    throw new ValueError(
      `Unknown backend '${name}'. Registered backends: ${listBackends().join(', ')}; ` +
        `installable: ${Object.entries(BACKEND_PACKAGES).map(([backend, pkg]) => `'${backend}' (${pkg})`).join(', ')}.`,
    );
  }
  const ok = await tf.setBackend(name);
  if (!ok) {
    throw new ValueError(`Backend '${name}' is registered but failed to initialise; see the messages above.`);
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
