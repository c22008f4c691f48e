import type * as tf from '@tensorflow/tfjs-core';
import { AddNConfig } from '../kernels/AddN.js';
import { AvgPoolConfig } from '../kernels/AvgPool.js';
import { AvgPoolGradConfig } from '../kernels/AvgPoolGrad.js';
import { BatchMatMulConfig } from '../kernels/BatchMatMul.js';
import { CastConfig } from '../kernels/Cast.js';
import { ConcatConfig } from '../kernels/Concat.js';
import { Conv2DConfig } from '../kernels/Conv2D.js';
import { Conv2DBackpropFilterConfig } from '../kernels/Conv2DBackpropFilter.js';
import { Conv2DBackpropInputConfig } from '../kernels/Conv2DBackpropInput.js';
import { DepthwiseConv2dNativeConfig } from '../kernels/DepthwiseConv2dNative.js';
import { DepthwiseConv2dNativeBackpropFilterConfig } from '../kernels/DepthwiseConv2dNativeBackpropFilter.js';
import { DepthwiseConv2dNativeBackpropInputConfig } from '../kernels/DepthwiseConv2dNativeBackpropInput.js';
import { ExpandDimsConfig } from '../kernels/ExpandDims.js';
import { FillConfig } from '../kernels/Fill.js';
import { GatherV2Config } from '../kernels/GatherV2.js';
import { IdentityConfig } from '../kernels/Identity.js';
import { MaxPoolConfig } from '../kernels/MaxPool.js';
import { MaxPoolGradConfig } from '../kernels/MaxPoolGrad.js';
import { OneHotConfig } from '../kernels/OneHot.js';
import { OnesLikeConfig } from '../kernels/OnesLike.js';
import { PackConfig } from '../kernels/Pack.js';
import { PadV2Config } from '../kernels/PadV2.js';
import { ReshapeConfig } from '../kernels/Reshape.js';
import { ReverseConfig } from '../kernels/Reverse.js';
import { SelectConfig } from '../kernels/Select.js';
import { SliceConfig } from '../kernels/Slice.js';
import { SoftmaxConfig } from '../kernels/Softmax.js';
import { SplitVConfig } from '../kernels/SplitV.js';
import { StridedSliceConfig } from '../kernels/StridedSlice.js';
import { TileConfig } from '../kernels/Tile.js';
import { TransposeConfig } from '../kernels/Transpose.js';
import { UnpackConfig } from '../kernels/Unpack.js';
import { UnsortedSegmentSumConfig } from '../kernels/UnsortedSegmentSum.js';
import { ZerosLikeConfig } from '../kernels/ZerosLike.js';
import { FusedMatMulConfig } from '../kernels/_FusedMatMul.js';
import { binaryKernelConfigs } from '../kernels/binary.js';
import { argReductionKernelConfigs, reductionKernelConfigs } from '../kernels/reductions.js';
import { unaryKernelConfigs } from '../kernels/unary.js';

/** Every kernel the 'cuda' backend runs on the device; all others fall back to the cpu kernels through host memory. */
export const cudaKernelConfigs: tf.KernelConfig[] = [
  ...unaryKernelConfigs,
  ...binaryKernelConfigs,
  ...reductionKernelConfigs,
  ...argReductionKernelConfigs,
  AddNConfig,
  AvgPoolConfig,
  AvgPoolGradConfig,
  BatchMatMulConfig,
  CastConfig,
  ConcatConfig,
  Conv2DConfig,
  Conv2DBackpropFilterConfig,
  Conv2DBackpropInputConfig,
  DepthwiseConv2dNativeConfig,
  DepthwiseConv2dNativeBackpropFilterConfig,
  DepthwiseConv2dNativeBackpropInputConfig,
  ExpandDimsConfig,
  FillConfig,
  GatherV2Config,
  IdentityConfig,
  MaxPoolConfig,
  MaxPoolGradConfig,
  OneHotConfig,
  OnesLikeConfig,
  PackConfig,
  PadV2Config,
  ReshapeConfig,
  ReverseConfig,
  SelectConfig,
  SliceConfig,
  SoftmaxConfig,
  SplitVConfig,
  StridedSliceConfig,
  TileConfig,
  TransposeConfig,
  UnpackConfig,
  UnsortedSegmentSumConfig,
  ZerosLikeConfig,
  FusedMatMulConfig,
];
