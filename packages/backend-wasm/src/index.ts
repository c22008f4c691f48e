export { type WasmBackendInfo, wasmBackendInfo } from './backend/create-backend.js';
export {
  wasmBackendName,
  wasmBackendPriority,
  wasmFallbackKernels,
  wasmNativeKernels,
} from './backend/register.js';
export { setThreadsCount } from './backend/threads.js';
