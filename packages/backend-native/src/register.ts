import '@tensorflow/tfjs-backend-cpu';
import { BACKEND_PRIORITY, type BackendStatus, defineBackend } from '@keras-ts/backend-kit';
import { nativeStatus } from './addon/load.js';
import { BACKEND_NAME } from './backend/host.js';
import { NativeBackend } from './backend/native-backend.js';
import { defaultNativeThreads, followingFreeCores, setNativeThreads } from './backend/threads.js';
import { nativeKernelConfigs } from './kernels/all-kernels.js';

// Threads are set once, at import, so a later setNativeThreads(n) before setBackend('native') holds.
if (nativeStatus.available) setNativeThreads(defaultNativeThreads());

const defined = defineBackend({
  name: BACKEND_NAME,
  priority: BACKEND_PRIORITY.native,
  status: nativeStatus.available ? { available: true } : { available: false, reason: nativeStatus.reason },
  create: () => new NativeBackend(),
  // Each kernel first brings OpenBLAS's thread count up to date with the cores free (threads.ts).
  kernels: nativeStatus.available ? nativeKernelConfigs().map(followingFreeCores) : [],
  // NativeBackend extends MathBackendCPU: the cpu kernels run on its own host arrays.
  fallback: 'shared',
});

/** The name this package registers its backend under: `'native'`. */
export const backendName = BACKEND_NAME;

/**
 * Whether 'native' can run in this process: `{ available: true }`, or `{ available: false, reason }`
 * naming every place an addon was looked for and why each failed (see `nativeStatus` for details).
 */
export function backendStatus(): BackendStatus {
  return defined.status();
}

/** Names of the kernels the 'native' backend runs in C++ (empty when the addon is unavailable). */
export const nativeKernelNames: readonly string[] = Object.freeze([...defined.kernels]);

/** Names of the kernels registered on 'native' as counted cpu fallbacks. */
export const nativeFallbackKernelNames: readonly string[] = Object.freeze([...defined.fallbacks]);
