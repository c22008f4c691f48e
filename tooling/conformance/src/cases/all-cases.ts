import type { ConformanceCase } from './case.js';
import { convolutionCases } from './convolution.js';
import { elementwiseCases } from './elementwise.js';
import { fusedCases } from './fused.js';
import { indexingCases } from './indexing.js';
import { matMulCases } from './matmul.js';
import { poolingCases } from './pooling.js';
import { recurrentCases } from './recurrent.js';
import { reductionCases } from './reductions.js';
import { shapeCases } from './shape.js';
import { trainingCases } from './training.js';

/** Every op-level case, in the order the suite declares them. */
export const conformanceCases: readonly ConformanceCase[] = [
  ...matMulCases,
  ...elementwiseCases,
  ...reductionCases,
  ...convolutionCases,
  ...poolingCases,
  ...indexingCases,
  ...shapeCases,
  ...recurrentCases,
  ...trainingCases,
  ...fusedCases,
];
