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
export {
  CROSSENTROPY_EPSILON,
  type CategoricalCrossentropyGradInputs,
  type CategoricalCrossentropyInputs,
  declareFusedOp,
  type DenseActivation,
  type DenseActivationGradInputs,
  type DenseAttributes,
  type DenseInputs,
  type FusedOp,
  type FusedOpDeclaration,
  type FusedOpGradient,
  type FusedOpInputs,
  type FusedOpOutputs,
  fusedCategoricalCrossentropy,
  fusedCategoricalCrossentropyGrad,
  fusedDense,
  fusedDenseActivationGrad,
  fusedOps,
  fusedRMSpropUpdate,
  KERAS_CATEGORICAL_CROSSENTROPY,
  KERAS_CATEGORICAL_CROSSENTROPY_GRAD,
  KERAS_DENSE,
  KERAS_DENSE_ACTIVATION_GRAD,
  KERAS_DENSE_ACTIVATIONS,
  KERAS_RMSPROP_UPDATE,
  type RMSpropUpdateAttributes,
  type RMSpropUpdateInputs,
} from './fused/index.js';
