import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { silenceTfjsNodeNotice } from '@keras-ts/backend-kit';
import { BackendError } from '@keras-ts/common';
import type { KernelArguments } from '../backend/stock-kernels.js';

let hostCpu: MathBackendCPU | undefined;

/**
 * Whether XNNPACK runs this convolution as a per-channel multiply-add: a 1×1 window with one
 * input and one output channel per group (a Conv2D with 1 → 1 channels, a DepthwiseConv2D with
 * channel multiplier 1). That microkernel clamps its output with selects that turn NaN into −∞,
 * so these shapes alone disagreed with the cpu backend on NaN.
 */
export function isChannelwise1x1(kernelName: string, filterShape: readonly number[]): boolean {
  const [height, width, inChannels, multiplier] = filterShape;
  if (height !== 1 || width !== 1) return false;
  return kernelName.includes('Depthwise') ? multiplier === 1 : inChannels === 1 && multiplier === 1;
}

/** Runs the cpu backend's `kernelName` on copies of the inputs and writes its output to the wasm heap. */
function runOnHost(kernelName: string, { inputs, backend, attrs }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const cpuKernel = tf.getKernel(kernelName, 'cpu');
  if (cpuKernel === undefined) throw new BackendError(`The cpu backend has no kernel '${kernelName}'; import @tensorflow/tfjs-backend-cpu 4.22.`);
  if (hostCpu === undefined) {
    hostCpu = new MathBackendCPU();
    silenceTfjsNodeNotice(hostCpu);
  }
  const cpu = hostCpu;
  const hostInputs: tf.NamedTensorInfoMap = {};
  const created: tf.TensorInfo[] = [];
  try {
    for (const [name, info] of Object.entries(inputs)) {
      if (info === undefined) continue;
      const copy = { dataId: cpu.write(wasm.typedArrayFromHeap(info).slice(), info.shape, info.dtype), shape: info.shape, dtype: info.dtype };
      hostInputs[name] = copy;
      created.push(copy);
    }
    const result = cpuKernel.kernelFunc({ inputs: hostInputs, backend: cpu, attrs: attrs ?? {} }) as tf.TensorInfo;
    created.push(result);
    const out = wasm.makeOutput(result.shape, result.dtype);
    wasm.typedArrayFromHeap(out).set(cpu.readSync(result.dataId) as tf.TypedArray);
    return out;
  } finally {
    for (const info of created) cpu.disposeData(info.dataId, true);
  }
}

/**
 * Wraps a convolution kernel so that the channelwise 1×1 shapes ({@link isChannelwise1x1}) run
 * the cpu kernel on a host copy — they are elementwise, so the copy costs what the product does —
 * and every other shape runs `kernelFunc`.
 */
export function routeChannelwise1x1(kernelName: string, kernelFunc: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { filter } = args.inputs as { filter?: tf.TensorInfo };
    return filter !== undefined && isChannelwise1x1(kernelName, filter.shape) ? runOnHost(kernelName, args) : kernelFunc(args);
  };
}
