/**
 * Non-finite cases where a non-finite *filter* weight (input 1) lands on a tap in 'same' padding.
 * tfjs's cpu kernels skip padded taps; a backend that lowers convolutions to GEMM over zero
 * padding (im2col, XNNPACK) multiplies the padding by the weight, as TensorFlow does, so
 * 0 × ±Infinity or 0 × NaN gives NaN at the border where cpu gives ±Infinity or a finite value.
 * Non-finite inputs (input 0) agree, and such a layer's outputs are non-finite on every backend.
 *
 * @param engine how the backend meets the padding, for the skip reason (`'im2col'`, `'XNNPACK'`).
 * @param depthwise whether the backend's depthwise and separable convolutions pad the same way.
 * @returns skip entries for {@link runNonfiniteSuite}'s `skip` option.
 */
export function paddedFilterTapSkips(engine: string, depthwise: boolean): Record<string, string> {
  const reason = `a non-finite filter weight meets 'same' padding: ${engine} multiplies the zero padding by it (NaN, as TensorFlow), the cpu kernel skips padded taps`;
  const all = ['nan', '-nan', '+inf', '-inf'];
  const infinities = ['+inf', '-inf'];
  const cases: [string, string[]][] = [
    ['conv2d/3x3-same-stride1', all],
    ['conv2d/mnist-like', infinities],
    ['conv2d/dilation2-same', infinities],
    ['conv2d/fused-bias-relu', all],
    ['conv1d/stride1-same', infinities],
    ...(depthwise
      ? ([
          ['depthwiseConv2d/same-stride1', all],
          ['separableConv2d/same', infinities],
        ] as [string, string[]][])
      : []),
  ];
  return Object.fromEntries(cases.flatMap(([name, values]) => values.map((value) => [`${name} [${value} in input 1]`, reason])));
}
