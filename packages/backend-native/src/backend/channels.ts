import { transposeHost } from './copy.js';
import type { HostArray } from '../addon/native-addon.js';

/** NCHW -> NHWC copy, for kernels called with dataFormat 'NCHW'. */
export function toChannelsLast(values: HostArray, shape: number[]): HostArray {
  return transposeHost(values, shape, [0, 2, 3, 1], 'float32').values;
}

/** NHWC -> NCHW copy of a result computed channels-last; `shape` is the NHWC shape. */
export function toChannelsFirst(values: HostArray, shape: number[]): { values: HostArray; shape: number[] } {
  return transposeHost(values, shape, [0, 3, 1, 2], 'float32');
}
