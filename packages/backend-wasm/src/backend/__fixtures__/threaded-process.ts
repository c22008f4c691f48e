// Run by threads.test.ts in a child Node process: it must print its report and exit by itself.
import * as tf from '@tensorflow/tfjs-core';
import { wasmBackendInfo } from '../create-backend.js';
import '../register.js';

await tf.ready();
const product = tf.matMul(tf.ones([64, 64]), tf.ones([64, 64]), false, true);
console.log(JSON.stringify({ backend: tf.getBackend(), info: wasmBackendInfo(), corner: product.dataSync()[0] }));
