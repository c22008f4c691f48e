import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { at, available, expectClose, onNative, seeded, skipReason } from './kernels.test-utils.js';

interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  stride: number;
  dilation: number;
  pad: 'same' | 'valid';
}

/** TensorFlow's padding rule: output size and the padding before the first row/column. */
function padding(size: number, kernel: number, stride: number, dilation: number, pad: 'same' | 'valid'): [number, number] {
  const effective = (kernel - 1) * dilation + 1;
  if (pad === 'valid') return [Math.floor((size - effective) / stride) + 1, 0];
  const out = Math.ceil(size / stride);
  const total = Math.max((out - 1) * stride + effective - size, 0);
  return [out, Math.floor(total / 2)];
}

/** Calls visit(xIndex, filterIndex, yIndex) for every product term of the convolution. */
function forEachTerm(c: ConvCase, visit: (xi: number[], fi: number[], yi: number[]) => void): number[] {
  const [batch, h, w, inC] = c.x;
  const [fh, fw, , outC] = c.filter;
  const [outH, top] = padding(h, fh, c.stride, c.dilation, c.pad);
  const [outW, left] = padding(w, fw, c.stride, c.dilation, c.pad);
  for (let b = 0; b < batch; b++)
    for (let oy = 0; oy < outH; oy++)
      for (let ox = 0; ox < outW; ox++)
        for (let o = 0; o < outC; o++)
          for (let ky = 0; ky < fh; ky++)
            for (let kx = 0; kx < fw; kx++)
              for (let ci = 0; ci < inC; ci++) {
                const iy = oy * c.stride - top + ky * c.dilation;
                const ix = ox * c.stride - left + kx * c.dilation;
                if (iy < 0 || iy >= h || ix < 0 || ix >= w) continue;
                visit([b, iy, ix, ci], [ky, kx, ci, o], [b, oy, ox, o]);
              }
  return [batch, outH, outW, outC];
}

const cases: ConvCase[] = [
  { name: '3x3 valid, stride 1', x: [2, 6, 5, 3], filter: [3, 3, 3, 4], stride: 1, dilation: 1, pad: 'valid' },
  { name: '3x3 same, stride 2', x: [2, 7, 6, 2], filter: [3, 3, 2, 3], stride: 2, dilation: 1, pad: 'same' },
  { name: '2x3 same, dilation 2', x: [1, 8, 7, 2], filter: [2, 3, 2, 2], stride: 1, dilation: 2, pad: 'same' },
];

describe.skipIf(!available)(`Conv2D and its backprops on 'native' (${skipReason})`, () => {
  for (const c of cases) {
    const x = seeded(tf.util.sizeFromShape(c.x), 11);
    const filter = seeded(tf.util.sizeFromShape(c.filter), 12);
    const conv = (xt: tf.Tensor4D, ft: tf.Tensor4D) => tf.conv2d(xt, ft, c.stride, c.pad, 'NHWC', c.dilation);

    it(`${c.name}: forward matches the sum-of-products definition`, () => {
      const expected: number[] = [];
      const outShape = forEachTerm(c, () => {});
      expected.length = tf.util.sizeFromShape(outShape);
      expected.fill(0);
      forEachTerm(c, (xi, fi, yi) => {
        const flat =
          ((yi[0] ?? 0) * (outShape[1] ?? 0) + (yi[1] ?? 0)) * (outShape[2] ?? 0) * (outShape[3] ?? 0) + (yi[2] ?? 0) * (outShape[3] ?? 0) + (yi[3] ?? 0);
        expected[flat] = (expected[flat] ?? 0) + at(x, c.x, xi) * at(filter, c.filter, fi);
      });
      const result = onNative(() => conv(tf.tensor4d(x, c.x), tf.tensor4d(filter, c.filter)));
      expect(result.shape).toEqual(outShape);
      expectClose(result.values, expected);
    });

    // tfjs-core defines no conv2d gradient for dilation > 1, so only undilated cases check it.
    it.runIf(c.dilation === 1)(`${c.name}: gradients of sum(conv * r) match the definition`, () => {
      const outShape = forEachTerm(c, () => {});
      const r = seeded(tf.util.sizeFromShape(outShape), 13);
      const dx = new Array<number>(x.length).fill(0);
      const dFilter = new Array<number>(filter.length).fill(0);
      const flat = (shape: number[], index: number[]) => index.reduce((sum, v, d) => sum * (shape[d] ?? 1) + v, 0);
      forEachTerm(c, (xi, fi, yi) => {
        const weight = at(r, outShape, yi);
        dx[flat(c.x, xi)] = (dx[flat(c.x, xi)] ?? 0) + weight * at(filter, c.filter, fi);
        dFilter[flat(c.filter, fi)] = (dFilter[flat(c.filter, fi)] ?? 0) + weight * at(x, c.x, xi);
      });
      const gradX = onNative(() => {
        const ft = tf.tensor4d(filter, c.filter);
        const rt = tf.tensor(r, outShape);
        return tf.grad((xt: tf.Tensor) => tf.sum(tf.mul(conv(xt as tf.Tensor4D, ft), rt)))(tf.tensor4d(x, c.x));
      });
      const gradFilter = onNative(() => {
        const xt = tf.tensor4d(x, c.x);
        const rt = tf.tensor(r, outShape);
        return tf.grad((ft: tf.Tensor) => tf.sum(tf.mul(conv(xt, ft as tf.Tensor4D), rt)))(tf.tensor4d(filter, c.filter));
      });
      expectClose(gradX.values, dx);
      expectClose(gradFilter.values, dFilter);
    });
  }

  it('NCHW equals NHWC with transposed input and output', () => {
    const x = seeded(2 * 3 * 6 * 6, 14);
    const filter = seeded(3 * 3 * 3 * 2, 15);
    const nchw = onNative(() =>
      tf.transpose(
        tf.conv2d(tf.transpose(tf.tensor4d(x, [2, 6, 6, 3]), [0, 3, 1, 2]) as tf.Tensor4D, tf.tensor4d(filter, [3, 3, 3, 2]), 1, 'same', 'NCHW'),
        [0, 2, 3, 1],
      ),
    );
    const nhwc = onNative(() => tf.conv2d(tf.tensor4d(x, [2, 6, 6, 3]), tf.tensor4d(filter, [3, 3, 3, 2]), 1, 'same'));
    expectClose(nchw.values, nhwc.values);
  });

  it('depthwise conv2d matches the per-channel definition', () => {
    const x = seeded(1 * 5 * 5 * 2, 16);
    const filter = seeded(3 * 3 * 2 * 2, 17);
    const result = onNative(() => tf.depthwiseConv2d(tf.tensor4d(x, [1, 5, 5, 2]), tf.tensor4d(filter, [3, 3, 2, 2]), 1, 'valid'));
    const expected: number[] = [];
    for (let oy = 0; oy < 3; oy++)
      for (let ox = 0; ox < 3; ox++)
        for (let ci = 0; ci < 2; ci++)
          for (let q = 0; q < 2; q++) {
            let sum = 0;
            for (let ky = 0; ky < 3; ky++)
              for (let kx = 0; kx < 3; kx++) sum += at(x, [1, 5, 5, 2], [0, oy + ky, ox + kx, ci]) * at(filter, [3, 3, 2, 2], [ky, kx, ci, q]);
            expected.push(sum);
          }
    expectClose(result.values, expected);
  });
});
