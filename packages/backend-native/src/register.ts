import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { registerCpuFallbacks } from '@keras-ts/backend-kit';
import { nativeStatus } from './addon/load.js';
import { BACKEND_NAME } from './backend/host.js';
import { NativeBackend } from './backend/native-backend.js';
import { defaultNativeThreads, setNativeThreads } from './backend/threads.js';
import { nativeKernelConfigs } from './kernels/all-kernels.js';

function register(): { native: string[]; fallbacks: string[] } {
  if (!nativeStatus.available) {
    console.warn(
      `[keras-ts] @keras-ts/backend-native: the 'native' backend is not registered because ${nativeStatus.reason}. setBackend('native') will not find it; use 'cpu' or 'wasm' instead.`,
    );
    return { native: [], fallbacks: [] };
  }
  if (tf.findBackendFactory(BACKEND_NAME) !== null) {
    // Already registered (the module was evaluated twice, e.g. from src and from dist).
    const registered = tf.getKernelsForBackend(BACKEND_NAME).map((config) => config.kernelName);
    return { native: registered, fallbacks: [] };
  }
  setNativeThreads(defaultNativeThreads());
  // Priority 0, below cpu's 1: importing the package never changes the default backend;
  // `setBackend('native')` selects it.
  tf.registerBackend(BACKEND_NAME, () => new NativeBackend(), 0);
  const configs = nativeKernelConfigs();
  for (const config of configs) tf.registerKernel(config);
  const fallbacks = registerCpuFallbacks(BACKEND_NAME, { transfer: 'shared' });
  return { native: configs.map((config) => config.kernelName), fallbacks };
}

const registered = register();

/** Names of the kernels the 'native' backend runs in C++ (empty when the addon is unavailable). */
export const nativeKernelNames: readonly string[] = Object.freeze(registered.native);

/** Names of the kernels registered on 'native' as counted cpu fallbacks. */
export const nativeFallbackKernelNames: readonly string[] = Object.freeze(registered.fallbacks);
