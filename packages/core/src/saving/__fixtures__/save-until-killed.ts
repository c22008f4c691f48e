// Child process of crash-consistency.test.ts: saves a small model whose weights are all
// `variant`-dependent constants to `folder`. With KERAS_TS_SAVE_KILL_AT set, the Node file system
// kills this process with SIGKILL at that stage of the save.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { savedVariant } from './variant-model.js';

const [folder, variant] = process.argv.slice(2);
await tf.setBackend('cpu');
const model = savedVariant(Number(variant));
await model.save(folder!);
process.stdout.write('saved\n');
