// Kernels per training step and ms per step of seed 001's Fashion model (Flatten-Dense4-Dense4-
// Dense10, Adam, batch 32) on 'native', eager and compiled (issue #17: the per-kernel cost).
// Run: npx tsx --conditions=source bench/step-kernels.ts [--optimizer=adam|sgd-momentum|rmsprop] [--steps=N] [--unfused]
//   --unfused  unregisters the fused optimizer updates first (the op chains run instead)
import * as tf from '@tensorflow/tfjs-core';
import { KERAS_ADAM_UPDATE, KERAS_RMSPROP_UPDATE, KERAS_SGD_MOMENTUM_UPDATE } from '@keras-ts/backend-kit';
import { Sequential, setBackend } from '@keras-ts/core';
import { Dense, Flatten } from '@keras-ts/layers';
import { Adam, type Optimizer, RMSprop, SGD } from '@keras-ts/optimizers';
import '../src/index.js';

const flag = (name: string, fallback: string): string => process.argv.find((argument) => argument.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const optimizerName = flag('optimizer', 'adam');
const optimizers: Record<string, () => Optimizer> = {
  adam: () => new Adam(),
  'sgd-momentum': () => new SGD({ momentum: 0.9 }),
  rmsprop: () => new RMSprop(),
};
const makeOptimizer = optimizers[optimizerName];
if (makeOptimizer === undefined) throw new Error(`--optimizer=${optimizerName}: expected one of ${Object.keys(optimizers).join(', ')}.`);
const steps = Number(flag('steps', '300'));
tf.env().set('PROD', true);
await setBackend('native');
if (process.argv.includes('--unfused')) {
  for (const name of [KERAS_ADAM_UPDATE, KERAS_RMSPROP_UPDATE, KERAS_SGD_MOMENTUM_UPDATE]) tf.unregisterKernel(name, 'native');
}

const counts = new Map<string, number>();
let counting = false;
const engine = tf.engine();
const runKernel = engine.runKernel.bind(engine);
engine.runKernel = ((name: string, inputs: tf.NamedTensorMap, attrs?: tf.NamedAttrMap) => {
  if (counting) counts.set(name, (counts.get(name) ?? 0) + 1);
  return runKernel(name, inputs, attrs);
}) as typeof engine.runKernel;

async function measure(jitCompile: boolean): Promise<void> {
  const model = new Sequential([
    new Flatten({ inputShape: [28, 28] }),
    new Dense({ units: 4, activation: 'relu' }),
    new Dense({ units: 4, activation: 'relu' }),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
  const optimizer = makeOptimizer();
  model.compile({ optimizer, loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'], jitCompile });
  const x = tf.randomUniform([32, 28, 28]);
  const y = tf.randomUniform([32], 0, 10, 'int32');
  for (let i = 0; i < 20; i++) await model.trainOnBatch(x, y);
  counts.clear();
  counting = true;
  await model.trainOnBatch(x, y);
  counting = false;
  const eagerCount = [...counts.values()].reduce((a, b) => a + b, 0);
  const start = performance.now();
  for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
  const msPerStep = (performance.now() - start) / steps;
  const plans = model.compiledStepPlans();
  console.log(`${optimizerName} jitCompile=${jitCompile}: ${msPerStep.toFixed(3)} ms/step, runKernel calls ${eagerCount}`);
  if (!jitCompile) console.log('  by name:', JSON.stringify(Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]))));
  for (const { stats } of plans) {
    console.log(`  plan: traced ${stats.tracedKernels}, replayed ${stats.replayedKernels}`);
    console.log('  replayed by name:', JSON.stringify(Object.fromEntries(Object.entries(stats.replayedByName).sort((a, b) => b[1] - a[1]))));
  }
  model.dispose();
  optimizer.dispose();
  x.dispose();
  y.dispose();
}
await measure(false);
await measure(true);
