import '@keras-ts/backend-wasm';
import { runConformanceSuite, runNonfiniteSuite, runRobustnessSuite } from '@keras-ts/backend-conformance';
import { setFallbackLogger } from '@keras-ts/backend-kit';

// Fallback notices are counted and asserted in fallbacks.test.ts; keep this output to failures.
setFallbackLogger(() => {});

// No case is skipped. Of the fused/* cases, fused/rmsprop-update/* checks wasm's KerasRMSpropUpdate
// kernel against backend-kit's declared reference; the other fused ops run their references here.
runConformanceSuite('wasm', {
  skip: {},
});

// The same cases with NaN, +Infinity and -Infinity planted in each float input in turn: every
// output and gradient must be NaN, ±Infinity or finite exactly where the cpu backend's is.
// Skipped: a non-finite *filter* weight on a tap that falls in 'same' padding. The cpu kernels
// skip padded taps; XNNPACK multiplies the zero padding by the weight, as TensorFlow does, so
// 0 × ±Infinity or 0 × NaN gives NaN at the border where cpu gives ±Infinity or a finite value.
// Non-finite inputs (input 0) agree, and such a layer's outputs are non-finite on every backend.
const paddedTap =
  "a non-finite filter weight meets 'same' padding: XNNPACK multiplies the zero padding by it (NaN, as TensorFlow), the cpu kernel skips padded taps";
runNonfiniteSuite('wasm', {
  skip: {
    'conv2d/3x3-same-stride1 [nan in input 1]': paddedTap,
    'conv2d/3x3-same-stride1 [-nan in input 1]': paddedTap,
    'conv2d/3x3-same-stride1 [+inf in input 1]': paddedTap,
    'conv2d/3x3-same-stride1 [-inf in input 1]': paddedTap,
    'conv2d/mnist-like [+inf in input 1]': paddedTap,
    'conv2d/mnist-like [-inf in input 1]': paddedTap,
    'conv2d/dilation2-same [+inf in input 1]': paddedTap,
    'conv2d/dilation2-same [-inf in input 1]': paddedTap,
    'conv2d/fused-bias-relu [nan in input 1]': paddedTap,
    'conv2d/fused-bias-relu [-nan in input 1]': paddedTap,
    'conv2d/fused-bias-relu [+inf in input 1]': paddedTap,
    'conv2d/fused-bias-relu [-inf in input 1]': paddedTap,
    'conv1d/stride1-same [+inf in input 1]': paddedTap,
    'conv1d/stride1-same [-inf in input 1]': paddedTap,
    'depthwiseConv2d/same-stride1 [nan in input 1]': paddedTap,
    'depthwiseConv2d/same-stride1 [-nan in input 1]': paddedTap,
    'depthwiseConv2d/same-stride1 [+inf in input 1]': paddedTap,
    'depthwiseConv2d/same-stride1 [-inf in input 1]': paddedTap,
    'separableConv2d/same [+inf in input 1]': paddedTap,
    'separableConv2d/same [-inf in input 1]': paddedTap,
  },
});

// Seed 003's variable-length three-output model trains, refuses too-short posts with a ShapeError
// and meets NaN as the cpu backend does; each test is bounded, so a hang fails it.
runRobustnessSuite('wasm');
