// Run by node/process-handlers.test.ts in a child Node process: loads the wasm backend through the
// package entry, then lets an error escape, the way a user's script crashes.
import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/backend-wasm';

await tf.ready();
if (tf.getBackend() !== 'wasm') throw new Error(`fixture expected the 'wasm' backend, got '${tf.getBackend()}'`);
console.log(`backend ready: ${tf.getBackend()}`);
if (process.argv[2] === 'rejection') {
  void Promise.reject(new Error('fixture: unhandled rejection after the wasm backend loaded'));
} else {
  setTimeout(() => {
    throw new Error('fixture: uncaught exception after the wasm backend loaded');
  });
}
