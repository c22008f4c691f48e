/**
 * Wrote legacy-cell-names/: a tfjs-layout save (model.json + weights) made by keras-ts before its
 * RNN weights took Keras 3's paths, when a cell was a separately auto-named layer and its weights
 * were named `lstm_cell_1/kernel`, `gru_cell/bias`, … Run once at commit d38d899 with
 *
 *     node --conditions=source --import tsx packages/layers/src/recurrent/__fixtures__/make-legacy-cell-names.ts
 *
 * (today's keras-ts writes the new names, so running it again no longer makes a legacy file). Each
 * weight is filled with one constant per old name (see `fills`), so the compatibility test can tell
 * which file entry reached which weight.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Input, Model } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { Bidirectional, Dense, GRU, LSTM } from '@keras-ts/layers';

await tf.setBackend('cpu');
resetNameCounters();
const inputs = Input({ shape: [4, 3] });
let x = new LSTM({ units: 2, returnSequences: true }).apply(inputs);
x = new Bidirectional({ layer: new GRU({ units: 2 }) }).apply(x);
const outputs = new Dense({ units: 1 }).apply(x);
const model = new Model({ inputs, outputs });
const fills: Record<string, number> = {};
model.weights.forEach((weight, index) => {
  fills[weight.name] = index + 1;
  weight.assign(tf.fill(weight.shape, index + 1));
});
console.log(JSON.stringify(fills, null, 1));
await model.save(new URL('./legacy-cell-names', import.meta.url).pathname);
