export {
  type BackendDefinition,
  type DefinedBackend,
  defineBackend,
} from './definition/define-backend.js';
export { BACKEND_PRIORITY } from './definition/priority.js';
export {
  BACKEND_STATUS_KEY,
  type BackendStatus,
  backendStatuses,
  backendStatusOf,
  recordBackendStatus,
} from './definition/status.js';
export { quietCpuBackend, silenceTfjsNodeNotice } from './definition/tfjs-node-notice.js';
export {
  fallbackCounts,
  recordFallback,
  resetFallbackCounts,
  setFallbackLogger,
  totalFallbacks,
} from './fallback/counter.js';
export {
  type CpuFallbackOptions,
  type FallbackTransfer,
  registerCpuFallbacks,
  registeredKernels,
} from './fallback/register.js';
