import * as tf from '@tensorflow/tfjs-core';
import type { ConformanceCase } from './case.js';

const transposes: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];

function operandShape(batch: number[], rows: number, columns: number, transposed: boolean): number[] {
  return [...batch, ...(transposed ? [columns, rows] : [rows, columns])];
}

function transposeCases(label: string, m: number, k: number, n: number, batchA: number[], batchB: number[]): ConformanceCase[] {
  // tfjs-core's BatchMatMul gradient does not sum over broadcast batch dimensions (it throws a
  // shape error on every backend), so broadcast cases compare the forward pass only.
  const broadcasts = batchA.join() !== batchB.join();
  return transposes.map(([transposeA, transposeB]) => ({
    name: `matMul/${label}/tA=${transposeA},tB=${transposeB}`,
    inputs: [{ shape: operandShape(batchA, m, k, transposeA) }, { shape: operandShape(batchB, k, n, transposeB) }],
    run: (a, b) => tf.matMul(a!, b!, transposeA, transposeB),
    gradient: !broadcasts,
  }));
}

/** matMul with every transpose combination, batch dims and broadcasting; fused matMul. */
export const matMulCases: ConformanceCase[] = [
  ...transposeCases('2d', 5, 7, 3, [], []),
  ...transposeCases('dense-shapes', 32, 96, 40, [], []),
  ...transposeCases('batched', 4, 6, 3, [2], [2]),
  ...transposeCases('broadcast-batch', 4, 6, 3, [2, 3], [1, 3]),
  ...(['linear', 'relu'] as const).flatMap((activation) =>
    transposes.map(
      ([transposeA, transposeB]): ConformanceCase => ({
        name: `fusedMatMul/bias+${activation}/tA=${transposeA},tB=${transposeB}`,
        inputs: [{ shape: operandShape([], 6, 5, transposeA) }, { shape: operandShape([], 5, 4, transposeB) }, { shape: [4] }],
        run: (a, b, bias) => tf.fused.matMul({ a: a!, b: b!, bias, activation, transposeA, transposeB }),
      }),
    ),
  ),
  ...(['sigmoid', 'elu', 'relu6', 'leakyrelu'] as const).map(
    (activation): ConformanceCase => ({
      name: `fusedMatMul/bias+${activation}`,
      inputs: [{ shape: [6, 5] }, { shape: [5, 4] }, { shape: [4] }],
      run: (a, b, bias) => tf.fused.matMul({ a: a!, b: b!, bias, activation }),
      gradient: false,
    }),
  ),
];
