// resetStates() against Keras 3.15.1 (packages/core/src/__fixtures__/keras3/make-fidelity-fixtures.py):
// a stateful stack called on data carries non-zero states, and resetting zeros every one. Keras 3
// resets per layer (its Model has no reset_states); keras-ts keeps Keras 2's model.resetStates().
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/keras3/summaries.json' with { type: 'json' };
import { Input, Sequential, layers } from './index.js';

describe('resetStates() as Keras 3 resets stateful layers', () => {
  it('a called stateful LSTM stack carries non-zero states, and resetting zeros all of them', () => {
    const keras = fixtures.reset_states;
    const first = new layers.LSTM({ units: 4, stateful: true, returnSequences: true });
    const second = new layers.LSTM({ units: 3, stateful: true });
    const model = new Sequential([Input({ batchShape: [2, 3, 2] }) as never, first, second]);
    const stateSums = () => [first, second].flatMap((layer) => layer.states!.map((state) => tf.tidy(() => tf.sum(tf.abs(state)).dataSync()[0]!)));
    const ones = tf.ones([2, 3, 2]);
    tf.dispose(model.apply(ones) as tf.Tensor);
    expect(stateSums().map((sum) => sum > 0)).toEqual(keras.nonzero_after_call);
    expect(keras.model_has_reset_states).toBe(false);
    model.resetStates();
    expect(stateSums()).toEqual(keras.abs_sum_after_reset);
    first.resetStates();
    expect(stateSums()).toEqual(keras.abs_sum_after_reset);
    tf.dispose(ones);
  });
});
