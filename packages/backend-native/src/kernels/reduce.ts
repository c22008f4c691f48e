import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { nativeAddon } from '../addon/load.js';
import type { HostArray } from '../addon/native-addon.js';
import { allocate, BACKEND_NAME, cpuFallback, hostTyped } from '../backend/host.js';
import { transposeHost } from '../backend/copy.js';
import type { NativeBackend } from '../backend/native-backend.js';

// Sum, Prod, Max, Min, Mean, All, Any, ArgMax and ArgMin share one planning step (view x as
// [outer, reduced, inner]) and one C++ entry point, so they live in one table.

/** x viewed as [outer, size, inner] with the reduced axes in the middle. */
interface ReductionView {
  values: HostArray;
  outer: number;
  size: number;
  inner: number;
}

/** Views x for reducing `axes`; transposes (copying) only when the axes are not contiguous. */
function reductionView(values: HostArray, shape: number[], axes: number[], dtype: tf.DataType): ReductionView {
  const sorted = [...axes].sort((p, q) => p - q);
  const first = sorted[0] ?? 0;
  const last = sorted[sorted.length - 1] ?? -1;
  const product = (from: number, to: number) => shape.slice(from, to).reduce((p, d) => p * d, 1);
  if (sorted.length === 0) return { values, outer: tf.util.sizeFromShape(shape), size: 1, inner: 1 };
  if (last - first + 1 === sorted.length) return { values, outer: product(0, first), size: product(first, last + 1), inner: product(last + 1, shape.length) };
  const kept = shape.map((_, d) => d).filter((d) => !sorted.includes(d));
  const moved = transposeHost(values, shape, [...kept, ...sorted], dtype);
  const sizeOf = (dims: number[]) => dims.reduce((p, d) => p * (shape[d] ?? 1), 1);
  return { values: moved.values, outer: sizeOf(kept), size: sizeOf(sorted), inner: 1 };
}

type ReduceName = 'Sum' | 'Prod' | 'Max' | 'Min' | 'Mean' | 'All' | 'Any' | 'ArgMax' | 'ArgMin';

function outputDtype(name: ReduceName, dtype: tf.DataType): tf.DataType | undefined {
  if (name === 'ArgMax' || name === 'ArgMin') return dtype === 'string' || dtype === 'complex64' ? undefined : 'int32';
  if (name === 'All' || name === 'Any') return dtype === 'bool' ? 'bool' : undefined;
  if (dtype === 'float32') return 'float32';
  if (dtype === 'int32') return name === 'Mean' ? 'float32' : 'int32';
  if (dtype === 'bool' && (name === 'Sum' || name === 'Prod')) return 'int32';
  return undefined;
}

function reduceConfig(kernelName: ReduceName): tf.KernelConfig {
  return {
    kernelName,
    backendName: BACKEND_NAME,
    kernelFunc: (args) => {
      const backend = args.backend as NativeBackend;
      const x = args.inputs.x as tf.TensorInfo;
      const dtype = outputDtype(kernelName, x.dtype);
      if (dtype === undefined || !hostTyped(x)) return cpuFallback(kernelName, args);
      const attrs = (args.attrs ?? {}) as Record<string, unknown>;
      const axisAttr = (attrs.axis ?? attrs.reductionIndices) as number | number[] | undefined;
      const axes = tf.util.parseAxisParam(axisAttr ?? x.shape.map((_, d) => d), x.shape);
      const isArg = kernelName === 'ArgMax' || kernelName === 'ArgMin';
      if (isArg && (axes.length !== 1 || (x.shape[axes[0] ?? 0] ?? 0) === 0))
        throw new ValueError(`${kernelName}: expects one non-empty axis to reduce, got axis ${JSON.stringify(axisAttr)} for shape [${x.shape}].`);
      const [reducedShape] = tf.backend_util.computeOutAndReduceShapes(x.shape, axes);
      const view = reductionView(backend.values(x), x.shape, axes, x.dtype);
      const out = allocate(dtype, tf.util.sizeFromShape(reducedShape));
      const addon = nativeAddon();
      if (isArg) addon.argReduce(kernelName === 'ArgMax', view.values, out as Int32Array, view.outer, view.size, view.inner);
      else addon.reduce(addon.reduceOps.indexOf(kernelName), view.values, out, view.outer, view.size, view.inner);
      const keepDims = attrs.keepDims === true;
      const shape = keepDims ? tf.backend_util.expandShapeToKeepDim(reducedShape, axes) : reducedShape;
      return backend.output(shape, dtype, out);
    },
  };
}

/** Kernel configs for the reductions and arg-reductions. */
export function reduceKernelConfigs(): tf.KernelConfig[] {
  const names: ReduceName[] = ['Sum', 'Prod', 'Max', 'Min', 'Mean', 'All', 'Any', 'ArgMax', 'ArgMin'];
  return names.map(reduceConfig);
}
