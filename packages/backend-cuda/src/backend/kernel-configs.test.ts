import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cudaKernelConfigs } from './kernel-configs.js';

describe('cudaKernelConfigs (the dispatch table)', () => {
  const names = cudaKernelConfigs.map((config) => config.kernelName);

  it('registers each kernel once, under the cuda backend', () => {
    expect(new Set(names).size).toBe(names.length);
    expect(cudaKernelConfigs.every((config) => config.backendName === 'cuda')).toBe(true);
  });

  it('names only kernels the cpu backend also has (so the conformance suite can compare them)', () => {
    const cpu = new Set(tf.getKernelsForBackend('cpu').map((config) => config.kernelName));
    expect(names.filter((name) => !cpu.has(name))).toEqual([]);
  });

  it('covers the kernels issue 10 asks for on the device', () => {
    const required = [
      'BatchMatMul',
      '_FusedMatMul',
      'Conv2D',
      'Conv2DBackpropInput',
      'Conv2DBackpropFilter',
      'DepthwiseConv2dNative',
      'DepthwiseConv2dNativeBackpropInput',
      'DepthwiseConv2dNativeBackpropFilter',
      'MaxPool',
      'AvgPool',
      'MaxPoolGrad',
      'AvgPoolGrad',
      'Softmax',
      'GatherV2',
      'UnsortedSegmentSum',
      'OneHot',
      'Sum',
      'Mean',
      'Max',
      'Min',
      'Prod',
      'ArgMax',
      'Add',
      'Sub',
      'Multiply',
      'RealDiv',
      'Maximum',
      'Pow',
      'Sqrt',
      'Rsqrt',
      'Square',
      'Exp',
      'Log',
      'Relu',
      'Sigmoid',
      'Tanh',
      'Cast',
      'Transpose',
      'Concat',
      'Slice',
      'StridedSlice',
      'PadV2',
      'Tile',
      'Reverse',
      'Select',
      'ClipByValue',
      'SplitV',
      'Pack',
      'Reshape',
    ];
    expect(required.filter((name) => !names.includes(name))).toEqual([]);
  });
});
