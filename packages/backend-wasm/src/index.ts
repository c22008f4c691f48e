export { type WasmBackendInfo, type WasmBuildInfo, wasmBackendInfo } from './backend/create-backend.js';
export {
  backendName,
  backendStatus,
  wasmFallbackKernels,
  wasmNativeKernels,
} from './backend/register.js';
export type { BackendStatus } from '@keras-ts/backend-kit';
export { setFusedMultiplyAdd } from './backend/fused-multiply-add.js';
export { setAdaptiveThreads, setThreadsCount } from './backend/threads.js';
export { type WasmFileName, wasmFileNames } from './backend/wasm-files.js';
export { WasmLoadError } from './backend/wasm-load-error.js';
export { setWasmPaths, type WasmPaths } from './backend/wasm-paths.js';
