export { getBackend, listBackends, reportBackendUnavailable, setBackend } from './backend/backend.js';
export { BackupAndRestore, type BackupAndRestoreOptions } from './callbacks/backup-and-restore.js';
export { Callback, type CallbackParams, type Logs } from './callbacks/callback.js';
export type { CallbackModel } from './callbacks/callback-model.js';
export { CSVLogger, type CSVLoggerOptions } from './callbacks/csv-logger.js';
export { EarlyStopping, type EarlyStoppingOptions } from './callbacks/early-stopping.js';
export { History } from './callbacks/history.js';
export { LambdaCallback, type LambdaCallbackHooks } from './callbacks/lambda-callback.js';
export { LearningRateScheduler, type LearningRateSchedulerOptions } from './callbacks/learning-rate-scheduler.js';
export { ModelCheckpoint, type ModelCheckpointOptions } from './callbacks/model-checkpoint.js';
export { type MonitorMode, resolveMonitorMode } from './callbacks/monitor.js';
export { formatLogValue, ProgbarLogger, type ProgbarLoggerOptions, type ProgressStream } from './callbacks/progbar-logger.js';
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './callbacks/reduce-lr-on-plateau.js';
export { TerminateOnNaN, type TerminateOnNaNOptions } from './callbacks/terminate-on-nan.js';
export {
  BackendError,
  GraphError,
  InternalError,
  KerasError,
  MissingKernelError,
  NotCompiledError,
  ShapeError,
  ValueError,
} from '@keras-ts/common';
export { Input, InputLayer, type InputOptions } from './engine/input-layer.js';
export { type AddWeightOptions, type CallOutput, Layer, type LayerConfig, type SymbolicOutput } from './engine/layer.js';
export { LayerWeight } from './engine/layer-weight.js';
export { defaultLayerName, uniqueName } from './engine/naming.js';
export { Node } from './engine/node.js';
export { deserializeLayer, getLayerClass, type LayerClass, registerLayerClass } from './engine/registry.js';
export { isSymbolic, SymbolicTensor } from './engine/symbolic-tensor.js';
export {
  type CallOptions,
  type Constraint,
  formatShape,
  type Initializer,
  type InputSpec,
  isShapeList,
  type Regularizer,
  type Shape,
} from './engine/types.js';
export type { FunctionalConfig, NodeInputReference, SerializedGraphLayer, TensorReference } from './models/functional-config.js';
export { Model, type ModelConfig } from './models/model.js';
export type { ModelCallOutput, ModelOutputs, PredictOutput } from './models/model-outputs.js';
export { Sequential, type SequentialOptions } from './models/sequential.js';
export { PathOutsideFolderError, PlatformError } from './platform/platform.js';
export { drawSeed, getRandomSeed, randomPermutation, randomUniform, setRandomSeed } from './random/seed.js';
export { fromKerasJson, type JsonValue, toKerasJson } from './saving/keras-json.js';
export { loadModel } from './saving/load-model.js';
export { ModelFormatError } from './saving/model-format-error.js';
export type { LoadSource, SaveTarget } from './saving/handlers.js';
export type { FetchOptions } from './saving/http-handler.js';
export type { ModelJson } from './saving/model-files.js';
export type { LoadModelOptions, SaveOptions } from './saving/saveable.js';
export type { WeightSpec } from './saving/weights-codec.js';
export type { CompileOptions, LossIdentifier, MetricIdentifier } from './training/compile-options.js';
export type { Batch, TensorData } from './training/data-adapter.js';
export { type BatchSource, isBatchSource, type SourceBatch } from './training/batch-source.js';
export type { ClassWeight } from './training/class-weight.js';
export type { Scores } from './training/scores.js';
export type { EvaluateOptions, FitOptions, PredictOptions } from './training/options.js';
export { Trainer } from './training/trainer.js';
export { ModelBusyError, ModelDisposedError } from './training/training-errors.js';
export { JitCompileError } from './training/compiled/jit-compile-error.js';
export type { JitCompile } from './training/compiled/compiled-steps.js';
export type { PlanStats } from './training/compiled/plan.js';
export { NumericsError } from './training/check-numerics.js';
export { lookupIdentifier, normalizeIdentifier, toCamelCase, toSnakeCase } from '@keras-ts/common';
export { formatPythonFloat, formatPythonTemplate } from './utils/python-format.js';
export { formatBytes, formatCount, summarize } from './utils/summary.js';
export { toCategorical } from './utils/to-categorical.js';
