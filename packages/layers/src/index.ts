export * as activations from './activations/activations.js';
export type { ActivationFunction } from './activations/activations.js';
export { type ActivationIdentifier, getActivation, serializeActivation } from './activations/registry.js';
export { Constraint, type ConstraintIdentifier, getConstraint, MaxNorm, MinMaxNorm, NonNeg, UnitNorm } from './constraints/constraints.js';
export { Activation, type ActivationConfig } from './core/activation.js';
export { Dense, type DenseConfig } from './core/dense.js';
export { computeFans, Initializer } from './initializers/base.js';
export { Constant, Identity, Ones, Zeros } from './initializers/constant-initializers.js';
export {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  type SeededConfig,
  TruncatedNormal,
  VarianceScaling,
  type VarianceScalingConfig,
} from './initializers/random-initializers.js';
export { getInitializer, type InitializerIdentifier, serializeInitializer } from './initializers/registry.js';
export { Dropout, type DropoutConfig } from './regularization/dropout.js';
export { getRegularizer, L1, L1L2, L2, l1, l1l2, l2, type RegularizerIdentifier } from './regularizers/regularizers.js';
export { Flatten, type FlattenConfig } from './reshaping/flatten.js';
export { Reshape, type ReshapeConfig } from './reshaping/reshape.js';
export { Masking, type MaskingConfig } from './core/masking.js';
export { Embedding, type EmbeddingConfig } from './embeddings/embedding.js';
export { type CellStep, type DropoutCellConfig, RNNCell } from './recurrent/base.js';
export { KernelCell, type KernelCellConfig } from './recurrent/kernel-cell.js';
export { RNN, type RNNConfig, type RNNOptions, type RNNOutput } from './recurrent/rnn.js';
export { StackedRNNCells, type StackedRNNCellsConfig } from './recurrent/stacked-rnn-cells.js';
export { SimpleRNNCell, type SimpleRNNCellConfig } from './recurrent/simple-rnn-cell.js';
export { SimpleRNN, type SimpleRNNConfig } from './recurrent/simple-rnn.js';
export { LSTMCell, type LSTMCellConfig } from './recurrent/lstm-cell.js';
export { LSTM, type LSTMConfig } from './recurrent/lstm.js';
export { GRUCell, type GRUCellConfig } from './recurrent/gru-cell.js';
export { GRU, type GRUConfig } from './recurrent/gru.js';
export { Bidirectional, type BidirectionalConfig, type BidirectionalMergeMode, type BidirectionalOutput } from './wrappers/bidirectional.js';
export { TimeDistributed, type TimeDistributedConfig } from './wrappers/time-distributed.js';
export { BaseConv, type BaseConvConfig, type ConvPadding, convOutputLength } from './convolutional/base.js';
export { Conv, type ConvConfig } from './convolutional/conv.js';
export { Conv1D, type Conv1DConfig } from './convolutional/conv1d.js';
export { Conv2D, type Conv2DConfig } from './convolutional/conv2d.js';
export { ConvTranspose, type ConvTransposeConfig, deconvOutputLength } from './convolutional/conv-transpose.js';
export { Conv1DTranspose, type Conv1DTransposeConfig } from './convolutional/conv1d-transpose.js';
export { Conv2DTranspose, type Conv2DTransposeConfig } from './convolutional/conv2d-transpose.js';
export { SeparableConv, type SeparableConvConfig } from './convolutional/separable-conv.js';
export { SeparableConv1D, type SeparableConv1DConfig } from './convolutional/separable-conv1d.js';
export { SeparableConv2D, type SeparableConv2DConfig } from './convolutional/separable-conv2d.js';
export { DepthwiseConv2D, type DepthwiseConv2DConfig } from './convolutional/depthwise-conv2d.js';
export { GlobalPooling, type GlobalPoolingConfig, Pooling, type PoolingConfig } from './pooling/base.js';
export { MaxPooling1D } from './pooling/max-pooling1d.js';
export { MaxPooling2D } from './pooling/max-pooling2d.js';
export { AveragePooling1D } from './pooling/average-pooling1d.js';
export { AveragePooling2D } from './pooling/average-pooling2d.js';
export { GlobalMaxPooling1D } from './pooling/global-max-pooling1d.js';
export { GlobalMaxPooling2D } from './pooling/global-max-pooling2d.js';
export { GlobalAveragePooling1D } from './pooling/global-average-pooling1d.js';
export { GlobalAveragePooling2D } from './pooling/global-average-pooling2d.js';
export { UpSampling1D, type UpSampling1DConfig } from './reshaping/up-sampling1d.js';
export { UpSampling2D, type UpSampling2DConfig } from './reshaping/up-sampling2d.js';
export { ZeroPadding1D, type ZeroPadding1DConfig } from './reshaping/zero-padding1d.js';
export { ZeroPadding2D, type ZeroPadding2DConfig } from './reshaping/zero-padding2d.js';
export { Cropping1D, type Cropping1DConfig } from './reshaping/cropping1d.js';
export { Cropping2D, type Cropping2DConfig } from './reshaping/cropping2d.js';
export { RepeatVector, type RepeatVectorConfig } from './reshaping/repeat-vector.js';
export { Permute, type PermuteConfig } from './reshaping/permute.js';
export { BatchNormalization, type BatchNormalizationConfig } from './normalization/batch-normalization.js';
export type { AffineNormalizationConfig } from './normalization/base.js';
export { LayerNormalization, type LayerNormalizationConfig } from './normalization/layer-normalization.js';
export { GroupNormalization, type GroupNormalizationConfig } from './normalization/group-normalization.js';
export { UnitNormalization, type UnitNormalizationConfig } from './normalization/unit-normalization.js';
export { SpatialDropout, type SpatialDropoutConfig } from './regularization/spatial-dropout.js';
export { SpatialDropout1D } from './regularization/spatial-dropout1d.js';
export { SpatialDropout2D } from './regularization/spatial-dropout2d.js';
export { GaussianNoise, type GaussianNoiseConfig } from './regularization/gaussian-noise.js';
export { GaussianDropout, type GaussianDropoutConfig } from './regularization/gaussian-dropout.js';
export { ActivityRegularization, type ActivityRegularizationConfig } from './regularization/activity-regularization.js';
export { ReLU, type ReLUConfig } from './activation-layers/relu.js';
export { LeakyReLU, type LeakyReLUConfig } from './activation-layers/leaky-relu.js';
export { PReLU, type PReLUConfig } from './activation-layers/prelu.js';
export { ELU, type ELUConfig } from './activation-layers/elu.js';
export { Softmax, type SoftmaxConfig } from './activation-layers/softmax.js';
export { Merge, type MergeInputs, type MergeOutput } from './merging/base.js';
export { Add, add } from './merging/add.js';
export { Subtract, subtract } from './merging/subtract.js';
export { Multiply, multiply } from './merging/multiply.js';
export { Average, average } from './merging/average.js';
export { Maximum, maximum } from './merging/maximum.js';
export { Minimum, minimum } from './merging/minimum.js';
export { Concatenate, type ConcatenateConfig, concatenate } from './merging/concatenate.js';
export { Dot, type DotConfig, dot } from './merging/dot.js';
