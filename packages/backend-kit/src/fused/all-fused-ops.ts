import { fusedAdamUpdate } from './adam-update.js';
import { fusedCategoricalCrossentropy } from './categorical-crossentropy.js';
import { fusedCategoricalCrossentropyGrad } from './categorical-crossentropy-grad.js';
import { fusedDense } from './dense.js';
import { fusedDenseActivationGrad } from './dense-activation-grad.js';
import { fusedDropoutMask } from './dropout-mask.js';
import { fusedGRUSequence } from './gru-sequence.js';
import { fusedGRUSequenceGrad } from './gru-sequence-grad.js';
import { fusedLSTMSequence } from './lstm-sequence.js';
import { fusedLSTMSequenceGrad } from './lstm-sequence-grad.js';
import { fusedRandomUniform } from './random-uniform.js';
import { fusedRMSpropUpdate } from './rmsprop-update.js';
import { fusedSGDMomentumUpdate } from './sgd-momentum-update.js';

/**
 * Every declared fused op. The conformance suite runs each on every backend and fails when one
 * has no cases, so a new declaration goes here.
 */
export const fusedOps = [
  fusedDense,
  fusedDenseActivationGrad,
  fusedCategoricalCrossentropy,
  fusedCategoricalCrossentropyGrad,
  fusedRMSpropUpdate,
  fusedAdamUpdate,
  fusedSGDMomentumUpdate,
  fusedLSTMSequence,
  fusedLSTMSequenceGrad,
  fusedGRUSequence,
  fusedGRUSequenceGrad,
  fusedRandomUniform,
  fusedDropoutMask,
] as const;
