import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { Flatten } from '../reshaping/flatten.js';
import { expectClose, expectLayerGradientsMatch, fitLosses, fixedTensor, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { Conv1D } from './conv1d.js';
import { Conv1DTranspose } from './conv1d-transpose.js';
import { Conv2D } from './conv2d.js';
import { Conv2DTranspose } from './conv2d-transpose.js';
import { DepthwiseConv2D } from './depthwise-conv2d.js';
import { SeparableConv1D } from './separable-conv1d.js';
import { SeparableConv2D } from './separable-conv2d.js';

type Grid = number[][][][];

/** Direct NHWC convolution loop: explicit padding before (top, left), stride, dilation, groups. */
function referenceConv(x: Grid, w: Grid, options: { stride: number[]; dilation: number[]; padBefore: number[]; outSize: number[]; groups?: number }): Grid {
  const [strideH, strideW] = options.stride as [number, number];
  const [dilH, dilW] = options.dilation as [number, number];
  const [kh, kw, inPerGroup, filters] = [w.length, w[0]!.length, w[0]![0]!.length, w[0]![0]![0]!.length];
  const groups = options.groups ?? 1;
  const outPerGroup = filters / groups;
  return x.map((image) => {
    const [H, W] = [image.length, image[0]!.length];
    return Array.from({ length: options.outSize[0]! }, (_, i) =>
      Array.from({ length: options.outSize[1]! }, (_, j) =>
        Array.from({ length: filters }, (_, f) => {
          const g = Math.floor(f / outPerGroup);
          let sum = 0;
          for (let a = 0; a < kh; a++)
            for (let b = 0; b < kw; b++) {
              const r = i * strideH + a * dilH - options.padBefore[0]!;
              const c = j * strideW + b * dilW - options.padBefore[1]!;
              if (r < 0 || c < 0 || r >= H || c >= W) continue;
              for (let k = 0; k < inPerGroup; k++) sum += image[r]![c]![g * inPerGroup + k]! * w[a]![b]![k]![f]!;
            }
          return sum;
        }),
      ),
    );
  });
}

const addBias = (grid: Grid, bias: number[]) => grid.map((img) => img.map((row) => row.map((px) => px.map((v, f) => v + bias[f]!))));

describe('Conv2D', () => {
  it("matches a direct convolution loop ('same', stride 2) and its gradients", () => {
    const layer = new Conv2D({ filters: 3, kernelSize: 3, strides: 2, padding: 'same' });
    const x = fixedTensor([2, 5, 5, 2], 1);
    layer.apply(x);
    setFixedWeights(layer);
    const [kernel, bias] = layer.getWeights();
    const out = layer.apply(x) as tf.Tensor;
    expect(out.shape).toEqual([2, 3, 3, 3]);
    // 'same' with stride 2 on 5: total padding max((3-1)*2+3-5, 0) = 2, one before.
    const reference = addBias(
      referenceConv(x.arraySync() as Grid, kernel!.arraySync() as Grid, { stride: [2, 2], dilation: [1, 1], padBefore: [1, 1], outSize: [3, 3] }),
      bias!.arraySync() as number[],
    );
    expectClose(out, reference.flat(3));
    expectLayerGradientsMatch(layer, fixedTensor([1, 4, 4, 2], 3));
  });

  it('supports dilation, groups and channelsFirst', () => {
    const grouped = new Conv2D({ filters: 4, kernelSize: [2, 2], dilationRate: 2, groups: 2, useBias: false });
    const x = fixedTensor([1, 5, 5, 4], 2);
    grouped.apply(x);
    setFixedWeights(grouped);
    expect(grouped.weights[0]!.shape).toEqual([2, 2, 2, 4]);
    const reference = referenceConv(x.arraySync() as Grid, grouped.getWeights()[0]!.arraySync() as Grid, {
      stride: [1, 1],
      dilation: [2, 2],
      padBefore: [0, 0],
      outSize: [3, 3],
      groups: 2,
    });
    expectClose(grouped.apply(x) as tf.Tensor, reference.flat(3));
    const first = new Conv2D({ filters: 2, kernelSize: 3, dataFormat: 'channelsFirst' });
    const last = new Conv2D({ filters: 2, kernelSize: 3 });
    const nchw = fixedTensor([1, 3, 5, 5], 4);
    first.apply(nchw);
    last.apply(tf.transpose(nchw, [0, 2, 3, 1]));
    setFixedWeights(first);
    setFixedWeights(last);
    const viaFirst = first.apply(nchw) as tf.Tensor;
    expect(viaFirst.shape).toEqual([1, 2, 3, 3]);
    expectClose(viaFirst, tf.transpose(last.apply(tf.transpose(nchw, [0, 2, 3, 1])) as tf.Tensor, [0, 3, 1, 2]).dataSync());
    expect(() => new Conv2D({ filters: 3, kernelSize: 3, groups: 2 })).toThrow(/divisible by `groups`/);
    expect(() => new Conv2D({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 })).toThrow(/cannot both be > 1/);
  });

  it('trains and round-trips its config', async () => {
    const layer = new Conv2D({ filters: 2, kernelSize: 3, activation: 'relu', inputShape: [6, 6, 1] });
    expect(deserializeLayer({ className: 'Conv2D', config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
    const model = new Sequential([layer, new Flatten(), new Dense({ units: 1 })]);
    const x = fixedTensor([8, 6, 6, 1], 5);
    const y = tf.mean(x, [1, 2]);
    const [first, last] = await fitLosses(model, x, y);
    expect(last).toBeLessThan(first);
  });
});

describe('Conv1D', () => {
  it('matches the loop for valid, same and causal padding', () => {
    const x = fixedTensor([2, 7, 2], 6);
    for (const [padding, padBefore, outLength] of [
      ['valid', 0, 3],
      ['same', 2, 7],
      ['causal', 4, 7],
    ] as const) {
      const layer = new Conv1D({ filters: 3, kernelSize: 3, dilationRate: 2, padding, useBias: false });
      layer.apply(x);
      setFixedWeights(layer);
      const w = [layer.getWeights()[0]!.arraySync() as number[][][]];
      const lifted = (x.arraySync() as number[][][]).map((seq) => [seq]);
      const reference = referenceConv(lifted, w, { stride: [1, 1], dilation: [1, 2], padBefore: [0, padBefore], outSize: [1, outLength] });
      expectClose(layer.apply(x) as tf.Tensor, reference.flat(3));
    }
    const causal = new Conv1D({ filters: 1, kernelSize: 2, padding: 'causal' });
    expectLayerGradientsMatch(causal, fixedTensor([1, 4, 2], 9));
    expect(() => new Conv2D({ filters: 1, kernelSize: 2, padding: 'causal' })).toThrow(/'valid' or 'same'/);
  });
});

describe('transposed convolutions', () => {
  /** Scatter definition: out[i·s + k − padBefore] += x[i]·w[k] (kernel [k, filters, in]). */
  function referenceTranspose1d(x: number[][][], w: number[][][], stride: number, outLength: number, padBefore: number): number[] {
    const result: number[] = [];
    for (const seq of x) {
      const out = Array.from({ length: outLength }, () => new Array(w[0]!.length).fill(0) as number[]);
      seq.forEach((px, i) =>
        w.forEach((tap, k) => {
          const position = i * stride + k - padBefore;
          if (position < 0 || position >= outLength) return;
          tap.forEach((row, f) =>
            row.forEach((weight, c) => {
              out[position]![f]! += px[c]! * weight;
            }),
          );
        }),
      );
      result.push(...out.flat());
    }
    return result;
  }

  it('Conv1DTranspose matches the scatter definition and Keras output sizes', () => {
    const x = fixedTensor([2, 4, 3], 1);
    const valid = new Conv1DTranspose({ filters: 2, kernelSize: 3, strides: 2, useBias: false });
    valid.apply(x);
    setFixedWeights(valid);
    const out = valid.apply(x) as tf.Tensor;
    expect(out.shape).toEqual([2, 9, 2]);
    expectClose(out, referenceTranspose1d(x.arraySync() as number[][][], valid.getWeights()[0]!.arraySync() as number[][][], 2, 9, 0));
    const same = new Conv1DTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same' });
    expect(same.computeOutputShape([null, 4, 3])).toEqual([null, 8, 2]);
    expectLayerGradientsMatch(same, fixedTensor([1, 3, 2], 4));
  });

  it('Conv2DTranspose has Keras shapes and gradients', () => {
    const layer = new Conv2DTranspose({ filters: 2, kernelSize: 3, strides: 2 });
    const out = layer.apply(fixedTensor([1, 3, 3, 2], 2)) as tf.Tensor;
    expect(out.shape).toEqual([1, 7, 7, 2]);
    expect(layer.weights[0]!.shape).toEqual([3, 3, 2, 2]);
    expectLayerGradientsMatch(new Conv2DTranspose({ filters: 1, kernelSize: 2, strides: 2, padding: 'same' }), fixedTensor([1, 2, 2, 2], 5));
  });
});

describe('depthwise and separable convolutions', () => {
  it('DepthwiseConv2D convolves each channel with its own filters', () => {
    const layer = new DepthwiseConv2D({ kernelSize: 2, depthMultiplier: 2, useBias: false });
    const x = fixedTensor([1, 3, 3, 2], 3);
    layer.apply(x);
    setFixedWeights(layer);
    const w = layer.getWeights()[0]!.arraySync() as number[][][][];
    const image = (x.arraySync() as Grid)[0]!;
    const expected: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++)
        for (let c = 0; c < 2; c++)
          for (let m = 0; m < 2; m++) {
            let sum = 0;
            for (let a = 0; a < 2; a++) for (let b = 0; b < 2; b++) sum += image[i + a]![j + b]![c]! * w[a]![b]![c]![m]!;
            expected.push(sum);
          }
    expectClose(layer.apply(x) as tf.Tensor, expected);
    expectLayerGradientsMatch(new DepthwiseConv2D({ kernelSize: 2 }), fixedTensor([1, 3, 3, 2], 8));
  });

  it('SeparableConv2D equals depthwise then pointwise; SeparableConv1D has gradients', () => {
    const layer = new SeparableConv2D({ filters: 3, kernelSize: 2, depthMultiplier: 2 });
    const x = fixedTensor([1, 4, 4, 2], 7);
    layer.apply(x);
    setFixedWeights(layer);
    expect(layer.weights.map((w) => w.shape)).toEqual([[2, 2, 2, 2], [1, 1, 4, 3], [3]]);
    const [depthwise, pointwise, bias] = layer.getWeights();
    const expected = tf.add(tf.conv2d(tf.depthwiseConv2d(x as tf.Tensor4D, depthwise as tf.Tensor4D, 1, 'valid'), pointwise as tf.Tensor4D, 1, 'valid'), bias!);
    expectClose(layer.apply(x) as tf.Tensor, expected.dataSync());
    const oneD = new SeparableConv1D({ filters: 2, kernelSize: 3, padding: 'same' });
    expect((oneD.apply(fixedTensor([1, 5, 2], 1)) as tf.Tensor).shape).toEqual([1, 5, 2]);
    expectLayerGradientsMatch(oneD, fixedTensor([1, 4, 2], 2));
  });
});
