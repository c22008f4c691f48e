// BackupAndRestore across world sizes: `--phase=backup` trains 2 of 4 epochs in one process and
// stops (the backup holds epoch 2); `--phase=resume` (under mpirun, or alone with --single) resumes
// from that backup — rank 0 alone restores it, fit broadcasts its weights, optimizer state and
// start epoch — and writes what the test compares to `<out>.rank<r>.json`.
import '@tensorflow/tfjs-backend-cpu';
import { writeFileSync } from 'node:fs';
import { BackupAndRestore, Callback, Sequential, setBackend, setRandomSeed } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { Adam } from '@keras-ts/optimizers';
import * as tf from '@tensorflow/tfjs-core';
import { DataParallel, finalize, getRank, initialize, setDistribution } from '../../src/index.js';

const [output = 'out', backupDir = 'backup', ...flags] = process.argv.slice(2);
const phase = flags.find((flag) => flag.startsWith('--phase='))?.slice('--phase='.length);
await setBackend('cpu');
await initialize({ collectives: phase === 'resume' && !flags.includes('--single') ? 'auto' : 'none', timeout: 60 });
setDistribution(new DataParallel());
const rank = getRank();

setRandomSeed(5 + rank);
const x = tf.randomUniform([96, 8], -1, 1, 'float32', 3);
const y = tf.sum(tf.square(x), 1, true);
const model = new Sequential([new Dense({ units: 16, activation: 'tanh', inputShape: [8] }), new Dense({ units: 1 })]);
model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'mse' });

class StopAtEpoch extends Callback {
  override onEpochBegin(epoch: number): void {
    if (epoch === 2) throw new Error('interrupted');
  }
}
const callbacks = [new BackupAndRestore(backupDir, { deleteCheckpoint: false }), ...(phase === 'backup' ? [new StopAtEpoch()] : [])];
try {
  const history = await model.fit(x, y, { batchSize: 16, epochs: 4, verbose: 0, shuffle: false, callbacks });
  const result = { rank, epochs: history.epoch, loss: history.history.loss, weights: model.getWeights().map((w) => Array.from(w.dataSync())) };
  writeFileSync(`${output}.rank${rank}.json`, JSON.stringify(result));
} catch (error) {
  if (phase !== 'backup' || (error as Error).message !== 'interrupted') throw error;
}
await finalize();
