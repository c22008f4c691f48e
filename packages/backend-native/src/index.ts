export { ADDON_PATH_VARIABLE, type NativeStatus, nativeStatus, PREBUILT_PACKAGES } from './addon/load.js';
export { NativeBackend } from './backend/native-backend.js';
export { blasInfo, defaultNativeThreads, getNativeThreads, setAdaptiveNativeThreads, setNativeThreads } from './backend/threads.js';
export { backendName, backendStatus, nativeFallbackKernelNames, nativeKernelNames } from './register.js';
export type { BackendStatus } from '@keras-ts/backend-kit';
