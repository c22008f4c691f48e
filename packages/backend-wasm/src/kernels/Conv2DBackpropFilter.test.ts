import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { fallbackCounts, resetFallbackCounts } from '@keras-ts/backend-kit';
import '../index.js';
import { withoutHeapRunner } from './heap-module.js';

/** dW[fh,fw,ci,co] = Σ x[n, oh·s + fh − padTop, ow·s + fw − padLeft, ci] · dy[n,oh,ow,co], by loops. */
function referenceFilterGradient(
  x: Float32Array,
  [batch, height, width, inChannels]: number[],
  dy: Float32Array,
  [, outHeight, outWidth, outChannels]: number[],
  filterHeight: number,
  filterWidth: number,
  stride: number,
  padTop: number,
  padLeft: number,
): number[] {
  const out = new Array(filterHeight * filterWidth * inChannels! * outChannels!).fill(0);
  for (let n = 0; n < batch!; n++)
    for (let oh = 0; oh < outHeight!; oh++)
      for (let ow = 0; ow < outWidth!; ow++)
        for (let fh = 0; fh < filterHeight; fh++)
          for (let fw = 0; fw < filterWidth; fw++) {
            const r = oh * stride + fh - padTop;
            const c = ow * stride + fw - padLeft;
            if (r < 0 || r >= height! || c < 0 || c >= width!) continue;
            for (let ci = 0; ci < inChannels!; ci++)
              for (let co = 0; co < outChannels!; co++)
                out[((fh * filterWidth + fw) * inChannels! + ci) * outChannels! + co] +=
                  x[((n * height! + r) * width! + c) * inChannels! + ci]! * dy[((n * outHeight! + oh) * outWidth! + ow) * outChannels! + co]!;
          }
  return out;
}

function ramp(count: number, phase: number): Float32Array {
  return Float32Array.from({ length: count }, (_, i) => Math.cos(i * 0.37 + phase));
}

describe("Conv2DBackpropFilter on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  const cases: [string, number[], number, number, number, 'same' | 'valid', number, number][] = [
    // label, x shape, filter size, out channels, stride, pad, padTop, padLeft
    ['3×3 same stride 1', [2, 5, 6, 3], 3, 4, 1, 'same', 1, 1],
    ['3×3 same stride 2 (uneven padding)', [1, 6, 6, 2], 3, 3, 2, 'same', 0, 0],
    ['3×3 valid stride 2 with an unused last row', [2, 8, 7, 2], 3, 2, 2, 'valid', 0, 0],
    ['2×2 valid stride 1', [1, 4, 4, 1], 2, 1, 1, 'valid', 0, 0],
    // Pixels of 5 and 8 channels: the im2col module's 16-byte moves, then 4-byte ones.
    ['3×3 same stride 1, 5 channels', [2, 5, 4, 5], 3, 3, 1, 'same', 1, 1],
    ['2×2 same stride 2, 8 channels', [1, 5, 5, 8], 2, 2, 2, 'same', 0, 0],
    // 16 images × 4,096 patch rows × 72 columns: more than the 4M-float column buffer, so two chunks.
    ['3×3 same stride 1 in two chunks', [16, 64, 64, 8], 3, 2, 1, 'same', 1, 1],
  ];
  for (const [label, xShape, size, outChannels, stride, pad, padTop, padLeft] of cases) {
    it(`matches explicit loops: ${label}`, () => {
      const filterShape = [size, size, xShape[3]!, outChannels] as [number, number, number, number];
      const x = tf.tensor4d(ramp(tf.util.sizeFromShape(xShape), 0.1), xShape as [number, number, number, number]);
      const outShape = tf.backend_util.computeConv2DInfo(x.shape, filterShape, stride, 1, pad).outShape;
      const dy = tf.tensor4d(ramp(tf.util.sizeFromShape(outShape), 1.3), outShape);
      const before = tf.memory().numTensors;
      resetFallbackCounts('wasm');
      // tfjs-core exports no op for it; the conv2d gradient dispatches exactly this kernel call.
      const dw = tf.engine().runKernel(
        tf.Conv2DBackpropFilter,
        { x, dy },
        {
          strides: [stride, stride],
          pad,
          dataFormat: 'NHWC',
          filterShape,
        },
      ) as tf.Tensor4D;
      const expected = referenceFilterGradient(
        x.dataSync() as Float32Array,
        x.shape,
        dy.dataSync() as Float32Array,
        outShape,
        size,
        size,
        stride,
        padTop,
        padLeft,
      );
      expect(dw.shape).toEqual(filterShape);
      Array.from(dw.dataSync()).forEach((value, i) => expect(value).toBeCloseTo(expected[i]!, 3));
      expect(fallbackCounts('wasm')).toEqual({});
      // The im2col module and the JavaScript loop build the same columns, so the same product.
      const viaJavaScript = withoutHeapRunner('im2col', () =>
        tf.engine().runKernel(tf.Conv2DBackpropFilter, { x, dy }, { strides: [stride, stride], pad, dataFormat: 'NHWC', filterShape }),
      ) as tf.Tensor4D;
      expect(Array.from(viaJavaScript.dataSync())).toEqual(Array.from(dw.dataSync()));
      tf.dispose([dw, viaJavaScript]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([x, dy]);
    });
  }
});
