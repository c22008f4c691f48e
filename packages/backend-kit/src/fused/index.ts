export { fusedOps } from './all-fused-ops.js';
export { FLOAT32_MIN_NORMAL, flushSubnormal, flushSubnormals } from './flush-subnormals.js';
export {
  type DropoutMaskAttributes,
  dropoutMaskFloat32,
  dropoutMaskValue,
  fillDropoutMask,
  fusedDropoutMask,
  KERAS_DROPOUT_MASK,
} from './dropout-mask.js';
export {
  type AleaState,
  aleaState,
  fillRandomUniform,
  fusedRandomUniform,
  KERAS_RANDOM_UNIFORM,
  type RandomUniformAttributes,
  randomUniformFloat32,
} from './random-uniform.js';
export {
  CROSSENTROPY_EPSILON,
  type CategoricalCrossentropyGradInputs,
  fusedCategoricalCrossentropyGrad,
  KERAS_CATEGORICAL_CROSSENTROPY_GRAD,
} from './categorical-crossentropy-grad.js';
export {
  type CategoricalCrossentropyInputs,
  fusedCategoricalCrossentropy,
  KERAS_CATEGORICAL_CROSSENTROPY,
} from './categorical-crossentropy.js';
export {
  type FusedOp,
  type FusedOpDeclaration,
  type FusedOpGradient,
  type FusedOpInputs,
  type FusedOpOutputs,
  declareFusedOp,
} from './declare-fused-op.js';
export {
  type DenseActivation,
  type DenseActivationGradInputs,
  type DenseAttributes,
  fusedDenseActivationGrad,
  KERAS_DENSE_ACTIVATION_GRAD,
  KERAS_DENSE_ACTIVATIONS,
} from './dense-activation-grad.js';
export { type DenseInputs, fusedDense, KERAS_DENSE } from './dense.js';
export { fusedGRUSequenceGrad, type GRUSequenceGradInputs, KERAS_GRU_SEQUENCE_GRAD } from './gru-sequence-grad.js';
export { fusedGRUSequence, type GRUSequenceInputs, gruWorkspaceWidth, KERAS_GRU_SEQUENCE } from './gru-sequence.js';
export { fusedLSTMSequenceGrad, KERAS_LSTM_SEQUENCE_GRAD, type LSTMSequenceGradInputs } from './lstm-sequence-grad.js';
export { fusedLSTMSequence, KERAS_LSTM_SEQUENCE, type LSTMSequenceInputs, lstmWorkspaceWidth } from './lstm-sequence.js';
export type { RecurrentSequenceAttributes } from './recurrent-sequence.js';
export { type AdamUpdateAttributes, type AdamUpdateInputs, fusedAdamUpdate, KERAS_ADAM_UPDATE } from './adam-update.js';
export {
  fusedRMSpropUpdate,
  KERAS_RMSPROP_UPDATE,
  type RMSpropUpdateAttributes,
  type RMSpropUpdateInputs,
} from './rmsprop-update.js';
export {
  fusedSGDMomentumUpdate,
  KERAS_SGD_MOMENTUM_UPDATE,
  type SGDMomentumUpdateAttributes,
  type SGDMomentumUpdateInputs,
} from './sgd-momentum-update.js';
