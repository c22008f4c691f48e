import * as tf from '@tensorflow/tfjs-core';
import { setNativeThreads, blasInfo } from '@keras-ts/backend-native';
await tf.setBackend('native');
console.log(blasInfo().core);
const x = tf.randomUniform([128, 784]), dy = tf.randomUniform([128, 512]), h = tf.randomUniform([128, 512]);
const variants: Record<string, () => tf.Tensor> = {
  'TN dW1': () => tf.matMul(x, dy, true, false),
  'T+NN dW1': () => tf.tidy(() => tf.matMul(tf.transpose(x), dy)),
  'TN dW2': () => tf.matMul(h, dy, true, false),
  'T+NN dW2': () => tf.tidy(() => tf.matMul(tf.transpose(h), dy)),
};
for (const threads of [1, 2]) {
  setNativeThreads(threads);
  const best: Record<string, number> = {};
  for (let round = 0; round < 15; round++) for (const [name, f] of Object.entries(variants)) {
    const s = performance.now(); for (let i = 0; i < 10; i++) f().dispose(); const t = (performance.now() - s) / 10;
    best[name] = Math.min(best[name] ?? Infinity, t);
  }
  console.log(threads, Object.entries(best).map(([k, v]) => `${k} ${v.toFixed(3)}`).join('  '));
}
