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
