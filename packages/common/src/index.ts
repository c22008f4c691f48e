export {
  describeValue,
  rejectUnknownKeys,
  requireBoolean,
  requireInRange,
  requireNonNegative,
  requireNumber,
  requireOneOf,
  requirePositive,
  requirePositiveInteger,
} from './arguments/arguments.js';
export {
  BackendError,
  DistributedError,
  GraphError,
  InternalError,
  KerasError,
  MissingKernelError,
  NotCompiledError,
  PlatformError,
  ShapeError,
  ValueError,
} from './errors/errors.js';
export {
  camelCaseKeys,
  lookupIdentifier,
  normalizeIdentifier,
  notANameError,
  toCamelCase,
  toSnakeCase,
  type UnknownIdentifierWording,
  unknownIdentifierError,
} from './identifiers/identifier.js';
export {
  ALIASING_KERNELS,
  type KernelProgram,
  type KernelProgramBackend,
  type KernelProgramRecorder,
  type KernelProgramStats,
  isKernelProgramBackend,
  type ProgramKernel,
} from './trace/kernel-program.js';
export { Registry, type RegistryOptions } from './registries/registry.js';
export {
  isRecordingStep,
  refuseCompiledStep,
  type StepFeed,
  type StepRecorder,
  setStepRecorder,
  stepEffect,
  stepInputCheck,
  stepInvariant,
  stepScalar,
  stepTensor,
} from './trace/step-values.js';
