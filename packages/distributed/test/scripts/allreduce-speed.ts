// Times one all-reduce of a gradient-sized vector, step by step (host read, copy, MPI, tensor).
//   mpirun -np 2 node --conditions=source --import tsx test/scripts/allreduce-speed.ts
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { DataParallel, finalize, getRank, initialize } from '../../src/index.js';

await initialize();
const parallel = new DataParallel();
const length = 669706;
const times = { read: 0, copy: 0, mpi: 0, tensor: 0, whole: 0 };
const calls = 30;
for (let i = 0; i <= calls; i++) {
  const vector = tf.add(tf.zeros([length]), 1) as tf.Tensor1D;
  let t = performance.now();
  const data = vector.dataSync() as Float32Array;
  const read = performance.now() - t;
  t = performance.now();
  const copy = new Float32Array(data);
  const copied = performance.now() - t;
  t = performance.now();
  (parallel as unknown as { world: { addon: { allReduceSum(s: Float32Array, r: Float32Array, b: number, t: number): void } } }).world.addon.allReduceSum(
    copy,
    copy,
    1 << 20,
    0,
  );
  const mpi = performance.now() - t;
  t = performance.now();
  const result = tf.tensor1d(copy);
  const made = performance.now() - t;
  t = performance.now();
  parallel.allReduceSum(vector).dispose();
  const whole = performance.now() - t;
  if (i > 0) {
    times.read += read / calls;
    times.copy += copied / calls;
    times.mpi += mpi / calls;
    times.tensor += made / calls;
    times.whole += whole / calls;
  }
  tf.dispose([vector, result]);
}
if (getRank() === 0) console.log(JSON.stringify(Object.fromEntries(Object.entries(times).map(([k, v]) => [k, `${v.toFixed(3)} ms`]))));
await finalize();
