export { getBackend, listBackends, reportBackendUnavailable, setBackend } from './backend/backend.js';
export { Callback, type CallbackParams, type Logs } from './callbacks/callback.js';
export { CallbackList } from './callbacks/callback-list.js';
export { History } from './callbacks/history.js';
export { formatLogValue, ProgbarLogger, type ProgbarLoggerOptions, type ProgressStream } from './callbacks/progbar-logger.js';
export { GraphError, KerasError, MissingKernelError, NotCompiledError, ShapeError, ValueError } from './errors/errors.js';
export { CallContext, currentCallContext, withCallContext } from './engine/call-context.js';
export { Input, InputLayer, type InputOptions } from './engine/input-layer.js';
export { type AddWeightOptions, Layer, type LayerConfig } from './engine/layer.js';
export { LayerWeight } from './engine/layer-weight.js';
export { defaultLayerName, resetNameCounters, uniqueName } from './engine/naming.js';
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
export { Model, type ModelConfig } from './models/model.js';
export { Sequential, type SequentialOptions } from './models/sequential.js';
export { drawSeed, getRandomSeed, randomPermutation, randomUniform, setRandomSeed } from './random/seed.js';
export type { CompileOptions, LossIdentifier, MetricIdentifier } from './training/compile-options.js';
export type { Batch, TensorData } from './training/data-adapter.js';
export { type BatchSource, isBatchSource, type SourceBatch } from './training/batch-source.js';
export type { ClassWeight } from './training/class-weight.js';
export { preflight } from './training/preflight.js';
export type { EvaluateOptions, FitOptions, PredictOptions } from './training/options.js';
export { Trainer } from './training/trainer.js';
export { lookupIdentifier, normalizeIdentifier, toCamelCase, toSnakeCase } from './utils/identifier.js';
export { formatBytes, formatCount, summarize } from './utils/summary.js';
export { toCategorical } from './utils/to-categorical.js';
