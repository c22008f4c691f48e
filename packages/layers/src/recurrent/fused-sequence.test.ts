import * as tf from '@tensorflow/tfjs-core';
import { fusedGRUSequence, fusedLSTMSequence } from '@keras-ts/backend-kit/fused';
import { beforeAll, describe, expect, it } from 'vitest';
import { runFusedSequence } from './fused-sequence.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';

// The whole-sequence ops' references are the layers' per-step op chain: on 'cpu', which registers
// no fused kernel, the layers run their loop, and the references give the very same float32
// numbers (masks, goBackwards and initial states included).

const [batch, time, features, units] = [3, 5, 4, 3];

function values(size: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: size }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state / 2147483648) * 2 - 1;
  });
}

describe('whole-sequence LSTM and GRU references', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  for (const goBackwards of [false, true]) {
    it(`equal the layers' per-step loop exactly${goBackwards ? ' backwards' : ''}, with a mask and initial states`, () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const x = tf.tensor3d(values(batch * time * features, 1), [batch, time, features]);
        // Sample 0's first step and sample 2's every step masked.
        const maskValues = values(batch * time, 2).map((v, i) => (i === 0 || i >= 2 * time ? 0 : v > -0.4 ? 1 : 0));
        const mask = tf.tensor2d(maskValues, [batch, time], 'bool');
        const floatMask = tf.cast(mask, 'float32') as tf.Tensor2D;
        const h0 = tf.tensor2d(values(batch * units, 3), [batch, units]);
        const c0 = tf.tensor2d(values(batch * units, 4), [batch, units]);

        const lstm = new LSTM({ units, returnSequences: true, returnState: true, goBackwards });
        const [sequence, h, c] = lstm.apply(x, { mask, initialState: [h0, c0] }) as tf.Tensor[];
        const cell = lstm.cell;
        const lstmInputs = { x, kernel: cell.kernel!.variable, recurrentKernel: cell.recurrentKernel!.variable, initialH: h0, initialC: c0, mask: floatMask };
        const reference = fusedLSTMSequence.reference({ ...lstmInputs, bias: cell.bias!.variable } as never, { goBackwards });
        expect(fusedLSTMSequence.usesKernel(lstmInputs as never, { goBackwards })).toBe(false);
        expect(runFusedSequence(cell, x, [h0, c0], mask, { goBackwards, returnSequences: true, training: true })).toBeUndefined();
        expect(reference[0]!.arraySync()).toEqual(sequence!.arraySync());
        expect(reference[2]!.arraySync()).toEqual(h!.arraySync());
        expect(reference[3]!.arraySync()).toEqual(c!.arraySync());
        // The last output repeats zeros for the all-masked sample, where h keeps the initial state.
        expect(Array.from(reference[1]!.dataSync().slice(2 * units))).toEqual([0, 0, 0]);
        expect((reference[2] as tf.Tensor2D).arraySync()[2]).toEqual(h0.arraySync()[2]);

        const gru = new GRU({ units, returnSequences: true, returnState: true, goBackwards });
        const [gruSequence, gruH] = gru.apply(x, { mask, initialState: [h0] }) as tf.Tensor[];
        const gruCell = gru.cell;
        const gruReference = fusedGRUSequence.reference(
          {
            x,
            kernel: gruCell.kernel!.variable,
            recurrentKernel: gruCell.recurrentKernel!.variable,
            bias: gruCell.bias!.variable,
            initialH: h0,
            mask: floatMask,
          } as never,
          { goBackwards },
        );
        expect(gruReference[0]!.arraySync()).toEqual(gruSequence!.arraySync());
        expect(gruReference[2]!.arraySync()).toEqual(gruH!.arraySync());
        lstm.dispose();
        gru.dispose();
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
