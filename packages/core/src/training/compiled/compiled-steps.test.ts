import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { stepScalar } from '@keras-ts/common';
import { Adam, ExponentialDecay, type Optimizer, RMSprop, SGD } from '@keras-ts/optimizers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Callback } from '../../callbacks/callback.js';
import { Layer } from '../../engine/layer.js';
import type { LayerWeight } from '../../engine/layer-weight.js';
import { resetNameCounters } from '../../engine/naming.js';
import type { CallOptions } from '../../engine/types.js';
import { ValueError } from '../../errors/errors.js';
import { Sequential } from '../../models/sequential.js';
import { setRandomSeed } from '../../random/seed.js';
import { TestDense } from '../../testing/layers.test-utils.js';
import { JitCompileError } from './jit-compile-error.js';

/** Deterministic inputs and one-hot targets (no RNG). */
function data(n: number, features = 6, classes = 3): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const x = tf.tensor2d(
    Array.from({ length: n * features }, (_, i) => Math.sin(0.37 * i + 0.1)),
    [n, features],
  );
  const labels = Array.from({ length: n }, (_, i) => (i * 7) % classes);
  return { x, y: tf.oneHot(tf.tensor1d(labels, 'int32'), classes) as tf.Tensor2D };
}

function mlp(optimizer: Optimizer, jitCompile: 'auto' | boolean, extra: Layer[] = []): Sequential {
  resetNameCounters();
  const model = new Sequential([
    new TestDense({ units: 8, inputShape: [6], activation: 'relu' }),
    ...extra,
    new TestDense({ units: 3, activation: 'softmax' }),
  ]);
  model.compile({ optimizer, loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile });
  return model;
}

const values = (model: Sequential) =>
  model.getWeights().map((w) => {
    const v = Array.from(w.dataSync());
    w.dispose();
    return v;
  });

function expectClose(actual: number[][], expected: number[][], relative = 1e-6): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, i) =>
    row.forEach((value, j) => {
      const reference = expected[i]![j]!;
      expect(Math.abs(value - reference)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(reference)));
    }),
  );
}

/** Scales its input by a JavaScript counter that changes every call (a step value with no producer). */
class CountingScale extends Layer {
  static override className = 'CountingScale';
  calls = 0;
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    this.calls++;
    return tf.mul(x, 1 + this.calls / 1000);
  }
}

/** The same, declared with stepScalar: compilable. */
class FedScale extends CountingScale {
  static override className = 'FedScale';
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.mul(
      x,
      stepScalar(() => {
        this.calls++;
        return 1 + this.calls / 1000;
      }),
    );
  }
}

/** Adds the sum of its input's distinct values (a Unique kernel: its output shape depends on the data). */
class UniquePlusInput extends Layer {
  static override className = 'UniquePlusInput';
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    // The constant 2 is written to the backend before the plan meets the Unique kernel.
    const doubled = tf.mul(x, 2);
    return tf.add(doubled, tf.sum(tf.unique(tf.reshape(doubled, [-1])).values));
  }
}

/** A cpu kernel implemented with tfjs ops (as fallback kernels often are): it needs Tensor inputs and the engine. */
const OPS_KERNEL = 'KerasTsTestSquareViaOps';
tf.registerKernel({
  kernelName: OPS_KERNEL,
  backendName: 'cpu',
  kernelFunc: ({ inputs }) => tf.mul(inputs.x as tf.Tensor, inputs.x as tf.Tensor),
});

/** Squares its input through {@link OPS_KERNEL} (inference only). */
class SquareViaOps extends Layer {
  static override className = 'SquareViaOps';
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.engine().runKernel(OPS_KERNEL, { x }) as tf.Tensor;
  }
}

/** A direct cpu kernel with an optional input `shift`, absent unless given (kernels test `!== undefined`, as the native _FusedMatMul does). */
const OPTIONAL_KERNEL = 'KerasTsTestOptionalShift';
tf.registerKernel({
  kernelName: OPTIONAL_KERNEL,
  backendName: 'cpu',
  kernelFunc: ({ inputs, backend }) => {
    const { x, shift } = inputs as { x: tf.TensorInfo; shift?: tf.TensorInfo };
    const kernel = (name: string) => tf.getKernel(name, 'cpu')!.kernelFunc;
    return shift !== undefined ? kernel('Add')({ inputs: { a: x, b: shift }, backend, attrs: {} }) : kernel('Identity')({ inputs: { x }, backend, attrs: {} });
  },
});

/** Passes its input through {@link OPTIONAL_KERNEL} without the optional input. */
class OptionalShift extends Layer {
  static override className = 'OptionalShift';
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.engine().runKernel(OPTIONAL_KERNEL, { x, shift: undefined } as unknown as tf.NamedTensorMap) as tf.Tensor;
  }
}

/** The warnings keras-ts printed (tfjs-core prints its own banner once per process). */
const kerasWarnings = (warn: { mock: { calls: unknown[][] } }) =>
  warn.mock.calls.map((call) => String(call[0])).filter((message) => message.startsWith('keras-ts:'));

describe('compiled steps (jitCompile)', () => {
  beforeEach(() => {
    setRandomSeed(5);
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('validates jitCompile and stepsPerExecution', () => {
    const model = mlp(new SGD(), 'auto');
    expect(() => model.compile({ loss: 'mse', jitCompile: 'yes' as unknown as boolean })).toThrow(ValueError);
    expect(() => model.compile({ loss: 'mse', stepsPerExecution: 0 })).toThrow(/stepsPerExecution/);
    model.dispose();
  });

  for (const [name, make] of [
    ['Adam', () => new Adam({ learningRate: 0.01 })],
    ['RMSprop', () => new RMSprop({ learningRate: 0.01 })],
    ['SGD with momentum', () => new SGD({ learningRate: 0.05, momentum: 0.9 })],
  ] as const) {
    it(`trainOnBatch with ${name}: 50 compiled steps match 50 eager ones, with no leaks and stable data ids`, async () => {
      const { x, y } = data(16);
      const eager = mlp(make(), false);
      const compiled = mlp(make(), true);
      const eagerLosses: number[] = [];
      const compiledLosses: number[] = [];
      let dataIds = 0;
      let tensors = 0;
      for (let step = 0; step < 50; step++) {
        eagerLosses.push((await eager.trainOnBatch(x, y, { returnDict: true })).loss!);
        compiledLosses.push((await compiled.trainOnBatch(x, y, { returnDict: true })).loss!);
        if (step === 10) {
          dataIds = tf.backend().numDataIds();
          tensors = tf.memory().numTensors;
        }
      }
      expect(tf.backend().numDataIds()).toBe(dataIds);
      expect(tf.memory().numTensors).toBe(tensors);
      expectClose([compiledLosses], [eagerLosses]);
      expectClose(values(compiled), values(eager));
      const [plan] = compiled.compiledStepPlans();
      expect(plan!.stats.replayedKernels).toBeLessThan(plan!.stats.tracedKernels);
      expect(compiled.optimizer!.iterations).toBe(50);
      eager.dispose();
      compiled.dispose();
      tf.dispose([x, y]);
    });
  }

  it("replays a kernel that returns an engine tensor (the cpu backend's Abs, in the MAE loss) without leaking it", async () => {
    const { x, y } = data(16);
    const make = (jitCompile: boolean) => {
      const model = mlp(new SGD({ learningRate: 0.05 }), jitCompile);
      model.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss: 'meanAbsoluteError', jitCompile });
      return model;
    };
    const eager = make(false);
    const compiled = make(true);
    const eagerLosses: number[] = [];
    const compiledLosses: number[] = [];
    let dataIds = 0;
    let tensors = 0;
    let buffers = 0;
    for (let step = 0; step < 20; step++) {
      eagerLosses.push((await eager.trainOnBatch(x, y, { returnDict: true })).loss!);
      compiledLosses.push((await compiled.trainOnBatch(x, y, { returnDict: true })).loss!);
      if (step === 5) [dataIds, tensors, buffers] = [tf.backend().numDataIds(), tf.memory().numTensors, tf.memory().numDataBuffers];
    }
    // Before the plan adopted such outputs, each replay left one tensor and one data id behind.
    expect([tf.backend().numDataIds(), tf.memory().numTensors, tf.memory().numDataBuffers]).toEqual([dataIds, tensors, buffers]);
    const [plan] = compiled.compiledStepPlans();
    expect(plan!.stats.replayedByName.Abs).toBeGreaterThan(0);
    expectClose([compiledLosses], [eagerLosses]);
    expectClose(values(compiled), values(eager));
    eager.dispose();
    compiled.dispose();
    tf.dispose([x, y]);
  });

  it('fit, evaluate and predict agree with eager ones, and a callback changing the learning rate takes effect', async () => {
    const { x, y } = data(70);
    const run = async (jitCompile: 'auto' | false) => {
      setRandomSeed(9);
      const model = mlp(new Adam({ learningRate: 0.02 }), jitCompile);
      const slowDown = new (class extends Callback {
        override async onEpochBegin(epoch: number): Promise<void> {
          if (epoch === 2) model.optimizer!.learningRate = 0.002;
        }
      })();
      const history = await model.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0, callbacks: [slowDown], validationData: [x, y] });
      const scores = (await model.evaluate(x, y, { batchSize: 16, verbose: 0 })) as number[];
      const predicted = model.predict(x, { batchSize: 16 }) as tf.Tensor;
      const result = { history: history.history, scores, predicted: Array.from(predicted.dataSync()), weights: values(model) };
      predicted.dispose();
      return { model, result };
    };
    const before = tf.memory().numTensors;
    // The optimizers are the test's (compile does not own them): freed with the models.
    const eager = await run(false);
    eager.model.optimizer!.dispose();
    eager.model.dispose();
    const afterEager = tf.memory().numTensors;
    const compiled = await run('auto');
    const kinds = compiled.model.compiledStepPlans().map((plan) => plan.signature.split('|')[0]);
    // The last partial batch (6 of 70 rows) has a train plan of its own by the last epoch.
    expect(kinds.filter((kind) => kind === 'train')).toHaveLength(2);
    expect(kinds).toContain('test');
    expect(kinds).toContain('predict');
    compiled.model.optimizer!.dispose();
    compiled.model.dispose();
    expect([afterEager, tf.memory().numTensors]).toEqual([before, before]);
    expect(Object.keys(compiled.result.history)).toEqual(Object.keys(eager.result.history));
    for (const key of Object.keys(eager.result.history)) expectClose([compiled.result.history[key]!], [eager.result.history[key]!]);
    expectClose([compiled.result.scores], [eager.result.scores]);
    expectClose([compiled.result.predicted], [eager.result.predicted]);
    expectClose(compiled.result.weights, eager.result.weights);
    tf.dispose([x, y]);
  });

  it('RMSprop bakes its rate into a fused kernel: a changed rate re-traces the step, a schedule ends eager after a warning', async () => {
    const { x, y } = data(16);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const eager = mlp(new RMSprop({ learningRate: 0.01 }), false);
    const compiled = mlp(new RMSprop({ learningRate: 0.01 }), 'auto');
    for (let step = 0; step < 30; step++) {
      if (step === 15) for (const model of [eager, compiled]) model.optimizer!.learningRate = 0.003;
      await eager.trainOnBatch(x, y);
      await compiled.trainOnBatch(x, y);
    }
    expectClose(values(compiled), values(eager));
    expect(compiled.compiledStepPlans()).toHaveLength(1);
    expect(kerasWarnings(warn)).toEqual([]);
    const decaying = (rate: number) => new RMSprop({ learningRate: new ExponentialDecay({ initialLearningRate: rate, decaySteps: 1, decayRate: 0.9 }) });
    const eagerSchedule = mlp(decaying(0.01), false);
    const compiledSchedule = mlp(decaying(0.01), 'auto');
    for (let step = 0; step < 20; step++) {
      await eagerSchedule.trainOnBatch(x, y);
      await compiledSchedule.trainOnBatch(x, y);
    }
    expectClose(values(compiledSchedule), values(eagerSchedule));
    expect(kerasWarnings(warn)).toHaveLength(1);
    expect(kerasWarnings(warn)[0]).toMatch(/baked into its kernels keeps changing|rmsprop-update.*changes between steps|changes between steps.*rmsprop-update/);
    for (const model of [eager, compiled, eagerSchedule, compiledSchedule]) model.dispose();
    tf.dispose([x, y]);
  });

  it("'auto' warns once and trains eagerly when a JavaScript value changes without a producer; a declared one compiles", async () => {
    const { x, y } = data(8);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const eager = mlp(new SGD({ learningRate: 0.1 }), false, [new CountingScale()]);
    const auto = mlp(new SGD({ learningRate: 0.1 }), 'auto', [new CountingScale()]);
    const fed = mlp(new SGD({ learningRate: 0.1 }), true, [new FedScale()]);
    for (let step = 0; step < 8; step++) {
      await eager.trainOnBatch(x, y);
      await auto.trainOnBatch(x, y);
      await fed.trainOnBatch(x, y);
    }
    expect(kerasWarnings(warn)).toHaveLength(1);
    expect(kerasWarnings(warn)[0]).toMatch(/train step eagerly: a tensor made from JavaScript values changes between steps/);
    expectClose(values(auto), values(eager));
    expectClose(values(fed), values(eager));
    expect(auto.compiledStepPlans()).toEqual([]);
    expect(fed.compiledStepPlans()).toHaveLength(1);
    for (const model of [eager, auto, fed]) model.dispose();
    tf.dispose([x, y]);
  });

  it('jitCompile: true throws a JitCompileError naming the cause and leaves the model usable', async () => {
    const { x, y } = data(8);
    const model = mlp(new SGD({ learningRate: 0.1 }), true, [new CountingScale()]);
    let error: unknown;
    for (let step = 0; step < 4 && error === undefined; step++) {
      try {
        await model.trainOnBatch(x, y);
      } catch (caught) {
        error = caught;
      }
    }
    expect(error).toBeInstanceOf(JitCompileError);
    expect(String((error as Error).message)).toMatch(/changes between steps/);
    const before = tf.memory().numTensors;
    await expect(model.trainOnBatch(x, y)).rejects.toThrow(JitCompileError);
    expect(tf.memory().numTensors).toBe(before);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', jitCompile: false });
    expect(typeof (await model.trainOnBatch(x, y))).toBe('number');
    model.dispose();
    tf.dispose([x, y]);
  });

  it('a layer with supportsJit = false keeps the model eager (with true: refused before the step)', async () => {
    const { x, y } = data(8);
    const optOut = new CountingScale();
    optOut.supportsJit = false;
    const model = mlp(new SGD({ learningRate: 0.1 }), true, [optOut]);
    const before = values(model);
    await expect(model.trainOnBatch(x, y)).rejects.toThrow(/supportsJit = false/);
    expectClose(values(model), before, 0);
    // Inside a model used as a layer, the layer still opts the outer model out.
    const nestedOptOut = new CountingScale();
    nestedOptOut.supportsJit = false;
    const inner = new Sequential([new TestDense({ units: 6, inputShape: [6] }), nestedOptOut]);
    const outer = new Sequential([inner, new TestDense({ units: 3, activation: 'softmax' })]);
    outer.compile({ optimizer: new SGD(), loss: 'categoricalCrossentropy', jitCompile: true });
    await expect(outer.trainOnBatch(x, y)).rejects.toThrow(/layer 'counting_scale[^']*' \(CountingScale\) sets supportsJit = false/);
    outer.dispose();
    model.dispose();
    tf.dispose([x, y]);
  });

  it('a kernel with data-dependent outputs keeps predict eager, and the refused plan leaves no buffer behind', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const dataIds = tf.backend().numDataIds();
    const model = mlp(new SGD(), 'auto', [new UniquePlusInput()]);
    const x = tf.ones([4, 6]);
    const outputs = [0, 1, 2, 3].map(() => model.predict(x) as tf.Tensor);
    expect(outputs.map((output) => Array.from(output.dataSync()))).toEqual(outputs.map(() => Array.from(outputs[0]!.dataSync())));
    expect(kerasWarnings(warn)).toHaveLength(1);
    expect(kerasWarnings(warn)[0]).toMatch(/predict step eagerly: kernel Unique has data-dependent/);
    tf.dispose([...outputs, x]);
    model.dispose();
    expect(tf.backend().numDataIds()).toBe(dataIds);
  });

  it('a kernel the backend implements with tfjs ops keeps the step eager with the reason; absent optional inputs replay as undefined', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const before = tf.memory().numTensors;
    const model = mlp(new SGD(), 'auto', [new SquareViaOps()]);
    const x = tf.ones([4, 6]);
    const outputs = [0, 1, 2].map(() => model.predict(x) as tf.Tensor);
    expect(outputs.map((output) => Array.from(output.dataSync()))).toEqual(outputs.map(() => Array.from(outputs[0]!.dataSync())));
    expect(kerasWarnings(warn)).toHaveLength(1);
    expect(kerasWarnings(warn)[0]).toMatch(/kernel KerasTsTestSquareViaOps of backend 'cpu' is implemented with tfjs ops \(it runs Multiply/);
    tf.dispose(outputs);
    model.dispose();
    // A kernel with an absent optional input (as _FusedMatMul without a bias) reads it as undefined in replays too.
    const optional = mlp(new SGD(), true, [new OptionalShift()]);
    const predictions = [0, 1, 2].map(() => optional.predict(x) as tf.Tensor);
    expect(predictions.map((p) => Array.from(p.dataSync()))).toEqual(predictions.map(() => Array.from(predictions[0]!.dataSync())));
    expect(optional.compiledStepPlans()).toHaveLength(1);
    tf.dispose([...predictions, x]);
    optional.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a layer or weight frozen or unfrozen after compile changes what the compiled step trains', async () => {
    const model = mlp(new SGD({ learningRate: 0.1 }), true);
    const { x, y } = data(16);
    const [first, last] = [model.layers[0]!, model.layers[1]!];
    const snapshot = (layer: Layer) => layer.weights.map((weight) => Array.from(weight.variable.dataSync()));
    const trainSteps = async (steps: number) => {
      for (let step = 0; step < steps; step++) await model.trainOnBatch(x, y);
    };
    // Plans first: the signature then holds the weight lists it was traced with.
    await trainSteps(4);
    expect(model.compiledStepPlans().some((plan) => plan.signature.startsWith('train|'))).toBe(true);
    first.trainable = false;
    const frozen = snapshot(first);
    const moving = snapshot(last);
    await trainSteps(4);
    expect(snapshot(first)).toEqual(frozen);
    expect(snapshot(last)).not.toEqual(moving);
    first.trainable = true;
    await trainSteps(4);
    expect(snapshot(first)[0]).not.toEqual(frozen[0]);
    // One weight: the last layer's bias.
    const bias = last.trainableWeights[1]!;
    bias.trainable = false;
    const biasBefore = Array.from(bias.variable.dataSync());
    const kernelBefore = Array.from(last.trainableWeights[0]!.variable.dataSync());
    await trainSteps(4);
    expect(Array.from(bias.variable.dataSync())).toEqual(biasBefore);
    expect(Array.from(last.weights[0]!.variable.dataSync())).not.toEqual(kernelBefore);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('a graph changed after compile with as many weights as before traces again', async () => {
    resetNameCounters();
    const model = new Sequential([
      new TestDense({ units: 8, inputShape: [6], activation: 'relu' }),
      new FedScale(),
      new TestDense({ units: 3, activation: 'softmax' }),
    ]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', jitCompile: true });
    const { x, y } = data(16);
    for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
    // Same weight counts after: the last layer replaced by a new one, the weightless layer dropped.
    const replaced = model.pop();
    model.pop();
    const fresh = new TestDense({ units: 3, activation: 'softmax' });
    model.add(fresh);
    const replacedBefore = Array.from(replaced.weights[0]!.variable.dataSync());
    const freshBefore = Array.from(fresh.weights[0]!.variable.dataSync());
    for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
    expect(Array.from(replaced.weights[0]!.variable.dataSync())).toEqual(replacedBefore);
    expect(Array.from(fresh.weights[0]!.variable.dataSync())).not.toEqual(freshBefore);
    tf.dispose([x, y]);
    replaced.dispose();
    model.dispose();
  });

  it('a layer class computing its own trainable list is asked at every step', async () => {
    /** Leaves its kernel out of training while `holdKernel` is set (a plain field: no structure change is counted). */
    class HoldableDense extends TestDense {
      static override className = 'HoldableDense';
      holdKernel = false;
      override get trainableWeights(): LayerWeight[] {
        const all = super.trainableWeights;
        return this.holdKernel ? all.slice(1) : all;
      }
    }
    resetNameCounters();
    const holdable = new HoldableDense({ units: 8, inputShape: [6], activation: 'relu' });
    const model = new Sequential([holdable, new TestDense({ units: 3, activation: 'softmax' })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', jitCompile: true });
    const { x, y } = data(16);
    for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
    const kernel = holdable.weights[0]!.variable;
    holdable.holdKernel = true;
    const before = Array.from(kernel.dataSync());
    for (let step = 0; step < 4; step++) await model.trainOnBatch(x, y);
    expect(Array.from(kernel.dataSync())).toEqual(before);
    tf.dispose([x, y]);
    model.dispose();
  });

  it('keeps at most 16 signatures (least recently used dropped) and frees every plan buffer with the model', async () => {
    const dataIds = tf.backend().numDataIds();
    const tensors = tf.memory().numTensors;
    const model = mlp(new SGD(), 'auto');
    for (let size = 1; size <= 20; size++) {
      const x = tf.ones([size, 6]);
      for (let run = 0; run < 3; run++) tf.dispose(model.predict(x, { batchSize: size }));
      x.dispose();
    }
    const plans = model.compiledStepPlans();
    expect(plans).toHaveLength(16);
    expect(plans.some((plan) => plan.signature.includes('[20,6]'))).toBe(true);
    expect(plans.some((plan) => plan.signature.includes('[1,6]'))).toBe(false);
    model.dispose();
    expect(tf.memory().numTensors).toBe(tensors);
    expect(tf.backend().numDataIds()).toBe(dataIds);
  });

  it('stepsPerExecution calls batch callbacks once per execution, numbered as Keras 3', async () => {
    const { x, y } = data(40);
    const model = mlp(new SGD(), 'auto');
    model.compile({ optimizer: new SGD(), loss: 'categoricalCrossentropy', stepsPerExecution: 2 });
    const calls: string[] = [];
    const recorder = new (class extends Callback {
      override async onTrainBatchBegin(batch: number): Promise<void> {
        calls.push(`begin ${batch}`);
      }
      override async onTrainBatchEnd(batch: number): Promise<void> {
        calls.push(`end ${batch}`);
      }
    })();
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, callbacks: [recorder] });
    expect(calls).toEqual(['begin 0', 'end 1', 'begin 2', 'end 3', 'begin 4', 'end 4']);
    model.dispose();
    tf.dispose([x, y]);
  });
});
