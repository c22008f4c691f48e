import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { DataParallel, finalize, getRank, getWorldSize, initialize } from '../../src/index.js';

const world = await initialize({ timeout: 20 });
const parallel = new DataParallel({ bucketBytes: 8 });
const summed = parallel.allReduceSum(tf.tensor1d([1, 2, 3, getRank()]));
const gathered = parallel.allGather(tf.tensor1d(Array.from({ length: getRank() + 1 }, () => getRank())));
const root = parallel.broadcast(tf.tensor1d([getRank() + 10]));
console.log(
  JSON.stringify({
    world,
    rank: getRank(),
    size: getWorldSize(),
    summed: Array.from(summed.dataSync()),
    gathered: Array.from(gathered.dataSync()),
    root: Array.from(root.dataSync()),
  }),
);
await finalize();
