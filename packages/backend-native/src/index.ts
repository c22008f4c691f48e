export { ADDON_PATH_VARIABLE, type NativeStatus, nativeStatus, PREBUILT_PACKAGES } from './addon/load.js';
export { NativeBackend } from './backend/native-backend.js';
export { blasInfo, defaultNativeThreads, getNativeThreads, setNativeThreads } from './backend/threads.js';
export { KERAS_CATEGORICAL_CROSSENTROPY, KERAS_CATEGORICAL_CROSSENTROPY_GRAD } from './kernels/KerasCategoricalCrossentropy.js';
export { KERAS_DENSE, KERAS_DENSE_ACTIVATION_GRAD, KERAS_DENSE_ACTIVATIONS } from './kernels/KerasDense.js';
export { KERAS_RMSPROP_UPDATE, type KerasRMSpropUpdateAttributes } from './kernels/KerasRMSpropUpdate.js';
export { backendName, backendStatus, nativeFallbackKernelNames, nativeKernelNames } from './register.js';
export type { BackendStatus } from '@keras-ts/backend-kit';
