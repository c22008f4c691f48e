import '../index.js';
import type { KernelProgram, ProgramKernel } from '@keras-ts/common';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeAddon, nativeStatus } from '../addon/load.js';
import type { NativeBackend } from './native-backend.js';

// The recorder driven directly, as a plan drives it: values numbered, bound, run kernel by kernel
// through the recorder, released after their last use, the escaping ones named at the end.

function kernel(backend: NativeBackend, name: string, inputs: Record<string, number>, outputs: number[], attrs: tf.NamedAttrMap = {}): ProgramKernel {
  const names = Object.keys(inputs);
  return {
    name,
    inputs: names.map((key) => inputs[key]!),
    outputs,
    call: (infos) => {
      const named: tf.NamedTensorInfoMap = {};
      names.forEach((key, i) => {
        named[key] = infos[i]!;
      });
      const out = tf.getKernel(name, 'native')!.kernelFunc({ inputs: named, backend, attrs });
      return Array.isArray(out) ? out : [out];
    },
  };
}

describe.skipIf(!nativeStatus.available)(`step programs on 'native' (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`, () => {
  beforeAll(async () => {
    await tf.setBackend('native');
  });
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('zeroes a buffer a kernel took zeroed, even when it shares storage with an earlier value', () => {
    const backend = tf.backend() as NativeBackend;
    const size = 6000; // 24 KB: arrays the buffer pool recycles
    const x = tf.tensor1d(Float32Array.from({ length: size }, (_, i) => 1 + (i % 7)));
    const before = tf.memory().numTensors;
    const recorder = backend.createKernelProgramRecorder();
    recorder.bind(0, { dataId: x.dataId, shape: x.shape, dtype: 'float32' }, 'dynamic');
    // v1 = -x; v2 = v1 * x; (v1 released) v3 = zerosLike(x) (may reuse v1's storage); v4 = v3 + x.
    const steps: [ProgramKernel, number[]][] = [
      [kernel(backend, 'Neg', { x: 0 }, [1]), []],
      [kernel(backend, 'Multiply', { a: 1, b: 0 }, [2]), [1, 2]],
      [kernel(backend, 'ZerosLike', { x: 0 }, [3]), []],
      [kernel(backend, 'Add', { a: 3, b: 0 }, [4]), [3]],
    ];
    const data = new Map<number, tf.DataId>([[0, x.dataId]]);
    const infoOf = (value: number): tf.TensorInfo => ({ dataId: data.get(value)!, shape: [size], dtype: 'float32' });
    for (const [step, release] of steps) {
      const outputs = recorder.run(
        step,
        step.inputs.map((value) => infoOf(value!)),
      );
      data.set(step.outputs[0]!, outputs[0]!.dataId);
      for (const value of release) {
        backend.disposeData(data.get(value)!);
        recorder.released(value);
      }
    }
    expect(backend.readSync(data.get(4)!)).toEqual(x.dataSync());
    backend.disposeData(data.get(4)!);
    const program = recorder.finish([4]) as KernelProgram;
    expect(typeof program).toBe('object');
    expect(program.stats.calls).toBe(3);
    for (let run = 0; run < 3; run++) {
      const next = tf.tensor1d(Float32Array.from({ length: size }, (_, i) => run * 10 + (i % 5)));
      const [out] = program.run((value) => (value === 0 ? next.dataId : x.dataId))!;
      expect(backend.readSync(out!.dataId)).toEqual(next.dataSync());
      backend.disposeData(out!.dataId);
      next.dispose();
    }
    program.dispose();
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('runs a kernel without an addon implementation (a cpu kernel) the plan way, between recorded calls', () => {
    const backend = tf.backend() as NativeBackend;
    const x = tf.tensor1d([1, 2, 3, 4]);
    const before = tf.memory().numTensors;
    const dataBefore = backend.numDataIds();
    const recorder = backend.createKernelProgramRecorder();
    recorder.bind(0, { dataId: x.dataId, shape: [4], dtype: 'float32' }, 'dynamic');
    // v1 = -x (addon); v2 = cumsum(v1) (cpu kernel); v3 = v2 + x (addon), handed out.
    const steps: [ProgramKernel, number[]][] = [
      [kernel(backend, 'Neg', { x: 0 }, [1]), []],
      [kernel(backend, 'Cumsum', { x: 1 }, [2], { axis: 0, exclusive: false, reverse: false }), [1]],
      [kernel(backend, 'Add', { a: 2, b: 0 }, [3]), [2]],
    ];
    const data = new Map<number, tf.DataId>([[0, x.dataId]]);
    for (const [step, release] of steps) {
      const outputs = recorder.run(
        step,
        step.inputs.map((value) => ({ dataId: data.get(value!)!, shape: [4], dtype: 'float32' as const })),
      );
      data.set(step.outputs[0]!, outputs[0]!.dataId);
      for (const value of release) {
        backend.disposeData(data.get(value)!);
        recorder.released(value);
      }
    }
    backend.disposeData(data.get(3)!);
    const program = recorder.finish([3]) as KernelProgram;
    expect(program.stats.slowKernels).toEqual(['Cumsum']);
    expect(program.stats.calls).toBe(2);
    const next = tf.tensor1d([10, 20, 30, 40]);
    const [out] = program.run(() => next.dataId)!;
    // -cumsum(x) + x: [-10 + 10, -30 + 20, -60 + 30, -100 + 40].
    expect(Array.from(backend.readSync(out!.dataId) as Float32Array)).toEqual([0, -10, -30, -60]);
    backend.disposeData(out!.dataId);
    next.dispose();
    program.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(backend.numDataIds()).toBe(dataBefore);
    x.dispose();
  });

  it('hands out a new array at every run for a value that escapes', () => {
    const backend = tf.backend() as NativeBackend;
    const x = tf.tensor1d([1, 2, 3]);
    const recorder = backend.createKernelProgramRecorder();
    recorder.bind(0, { dataId: x.dataId, shape: [3], dtype: 'float32' }, 'dynamic');
    const [out] = recorder.run(kernel(backend, 'Square', { x: 0 }, [1]), [{ dataId: x.dataId, shape: [3], dtype: 'float32' }]);
    backend.disposeData(out!.dataId);
    const program = recorder.finish([1]) as KernelProgram;
    const first = program.run(() => x.dataId)![0]!;
    const second = program.run(() => x.dataId)![0]!;
    expect(first.dataId).not.toBe(second.dataId);
    expect(backend.readSync(first.dataId)).toEqual(new Float32Array([1, 4, 9]));
    expect(backend.readSync(second.dataId)).toEqual(new Float32Array([1, 4, 9]));
    for (const info of [first, second]) backend.disposeData(info.dataId);
    program.dispose();
    x.dispose();
  });

  it('gives no program, naming the kernel, when a kernel hands the addon an array it did not take from the backend', () => {
    const backend = tf.backend() as NativeBackend;
    const x = tf.tensor1d([1, 2, 3]);
    const recorder = backend.createKernelProgramRecorder();
    recorder.bind(0, { dataId: x.dataId, shape: [3], dtype: 'float32' }, 'dynamic');
    const stray: ProgramKernel = {
      name: 'Abs',
      inputs: [0],
      outputs: [1],
      call: () => {
        const values = new Float32Array(3);
        const addon = nativeAddon();
        addon.unary(addon.unaryOps.indexOf('Abs'), backend.values({ dataId: x.dataId, shape: [3], dtype: 'float32' }), values, 0, 0);
        return [backend.output([3], 'float32', values)];
      },
    };
    const [out] = recorder.run(stray, [{ dataId: x.dataId, shape: [3], dtype: 'float32' }]);
    backend.disposeData(out!.dataId);
    expect(recorder.finish([1])).toBe('kernel Abs passed the addon an array the recorder did not see made');
    x.dispose();
  });
});
