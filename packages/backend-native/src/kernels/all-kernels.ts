import type * as tf from '@tensorflow/tfjs-core';
import { addNConfig } from './AddN.js';
import { avgPoolConfig } from './AvgPool.js';
import { avgPoolGradConfig } from './AvgPoolGrad.js';
import { batchMatMulConfig } from './BatchMatMul.js';
import { binaryKernelConfigs } from './binary.js';
import { castConfig } from './Cast.js';
import { concatConfig } from './Concat.js';
import { conv2DConfig } from './Conv2D.js';
import { conv2DBackpropFilterConfig } from './Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './Conv2DBackpropInput.js';
import { depthwiseConv2dNativeConfig } from './DepthwiseConv2dNative.js';
import { depthwiseConv2dNativeBackpropFilterConfig } from './DepthwiseConv2dNativeBackpropFilter.js';
import { depthwiseConv2dNativeBackpropInputConfig } from './DepthwiseConv2dNativeBackpropInput.js';
import { expandDimsConfig } from './ExpandDims.js';
import { fillConfig } from './Fill.js';
import { fusedBatchNormConfig } from './FusedBatchNorm.js';
import { fusedConv2DConfig } from './_FusedConv2D.js';
import { fusedMatMulConfig } from './_FusedMatMul.js';
import { gatherV2Config } from './GatherV2.js';
import { identityConfig } from './Identity.js';
import { kerasCategoricalCrossentropyConfig } from './KerasCategoricalCrossentropy.js';
import { kerasCategoricalCrossentropyGradConfig } from './KerasCategoricalCrossentropyGrad.js';
import { kerasDenseConfig } from './KerasDense.js';
import { kerasDenseActivationGradConfig } from './KerasDenseActivationGrad.js';
import { kerasGRUSequenceConfig } from './KerasGRUSequence.js';
import { kerasGRUSequenceGradConfig } from './KerasGRUSequenceGrad.js';
import { kerasLSTMSequenceConfig } from './KerasLSTMSequence.js';
import { kerasLSTMSequenceGradConfig } from './KerasLSTMSequenceGrad.js';
import { kerasAdamUpdateConfig } from './KerasAdamUpdate.js';
import { kerasDropoutMaskConfig, kerasRandomUniformConfig } from './KerasRandomUniform.js';
import { kerasRMSpropUpdateConfig } from './KerasRMSpropUpdate.js';
import { kerasSGDMomentumUpdateConfig } from './KerasSGDMomentumUpdate.js';
import { maxPoolConfig } from './MaxPool.js';
import { maxPoolGradConfig } from './MaxPoolGrad.js';
import { oneHotConfig } from './OneHot.js';
import { onesLikeConfig } from './OnesLike.js';
import { packConfig } from './Pack.js';
import { padV2Config } from './PadV2.js';
import { reduceKernelConfigs } from './reduce.js';
import { reshapeConfig } from './Reshape.js';
import { reverseConfig } from './Reverse.js';
import { selectConfig } from './Select.js';
import { sliceConfig } from './Slice.js';
import { softmaxConfig } from './Softmax.js';
import { splitVConfig } from './SplitV.js';
import { stridedSliceConfig } from './StridedSlice.js';
import { tileConfig } from './Tile.js';
import { transposeConfig } from './Transpose.js';
import { unaryKernelConfigs } from './unary.js';
import { unpackConfig } from './Unpack.js';
import { unsortedSegmentSumConfig } from './UnsortedSegmentSum.js';
import { zerosLikeConfig } from './ZerosLike.js';

/** Every kernel the 'native' backend implements itself (the rest fall back to the cpu kernels). */
export function nativeKernelConfigs(): tf.KernelConfig[] {
  return [
    ...unaryKernelConfigs(),
    ...binaryKernelConfigs(),
    ...reduceKernelConfigs(),
    addNConfig,
    avgPoolConfig,
    avgPoolGradConfig,
    batchMatMulConfig,
    castConfig,
    concatConfig,
    conv2DConfig,
    conv2DBackpropFilterConfig,
    conv2DBackpropInputConfig,
    depthwiseConv2dNativeConfig,
    depthwiseConv2dNativeBackpropFilterConfig,
    depthwiseConv2dNativeBackpropInputConfig,
    expandDimsConfig,
    fillConfig,
    fusedBatchNormConfig,
    fusedConv2DConfig,
    fusedMatMulConfig,
    gatherV2Config,
    identityConfig,
    kerasCategoricalCrossentropyConfig,
    kerasRandomUniformConfig,
    kerasDropoutMaskConfig,
    kerasCategoricalCrossentropyGradConfig,
    kerasDenseConfig,
    kerasDenseActivationGradConfig,
    kerasGRUSequenceConfig,
    kerasGRUSequenceGradConfig,
    kerasLSTMSequenceConfig,
    kerasLSTMSequenceGradConfig,
    kerasRMSpropUpdateConfig,
    kerasAdamUpdateConfig,
    kerasSGDMomentumUpdateConfig,
    maxPoolConfig,
    maxPoolGradConfig,
    oneHotConfig,
    onesLikeConfig,
    packConfig,
    padV2Config,
    reshapeConfig,
    reverseConfig,
    selectConfig,
    sliceConfig,
    softmaxConfig,
    splitVConfig,
    stridedSliceConfig,
    tileConfig,
    transposeConfig,
    unpackConfig,
    unsortedSegmentSumConfig,
    zerosLikeConfig,
  ];
}
