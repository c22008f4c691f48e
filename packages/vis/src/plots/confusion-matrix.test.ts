import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { matchAll } from '../image/decode-png.test-utils.js';
import { plotConfusionMatrix } from './confusion-matrix.js';

const yTrue = [0, 0, 0, 0, 1, 1, 2, 2, 2, 2, 2];
const yPred = [0, 0, 0, 1, 1, 2, 2, 2, 2, 0, 1];

function cells(svg: string) {
  return matchAll(svg, /<g class="cell" data-row="(\d+)" data-column="(\d+)" data-count="(\d+)" data-fraction="([\d.e-]+)">(.*?)<\/g>/g).map(
    ([row, column, count, fraction, body]) => ({
      row: Number(row),
      column: Number(column),
      count: Number(count),
      fraction: Number(fraction),
      texts: matchAll(body ?? '', />([^<]+)<\/text>/g).map(([text]) => text),
    }),
  );
}

describe('plotConfusionMatrix', () => {
  it('shows each count and its row percentage, rows summing to the class sizes', () => {
    const svg = plotConfusionMatrix(yTrue, yPred, { classNames: ['cat', 'dog', 'bird'] });
    const all = cells(svg);
    expect(all.length).toBe(9);
    // Hand-counted: row 0 = [3, 1, 0], row 1 = [0, 1, 1], row 2 = [1, 1, 3].
    const grid = [0, 1, 2].map((row) => all.filter((cell) => cell.row === row).map((cell) => cell.count));
    expect(grid).toEqual([
      [3, 1, 0],
      [0, 1, 1],
      [1, 1, 3],
    ]);
    expect(grid.map((row) => row.reduce((a, b) => a + b, 0))).toEqual([4, 2, 5]);
    const cell00 = all.find((cell) => cell.row === 0 && cell.column === 0);
    expect(cell00?.texts).toEqual(['3', '(75.0%)']);
    const cell22 = all.find((cell) => cell.row === 2 && cell.column === 2);
    expect(cell22?.texts).toEqual(['3', '(60.0%)']);
    for (const row of [0, 1, 2]) {
      const sum = all.filter((cell) => cell.row === row).reduce((total, cell) => total + cell.fraction, 0);
      expect(sum).toBeCloseTo(1, 10);
    }
    expect(matchAll(svg, /class="row-label"[^>]*>([^<]+)</g).map(([text]) => text)).toEqual(['cat', 'dog', 'bird']);
    expect(svg).toContain('>Predicted label</text>');
    expect(svg).toContain('>True label</text>');
  });

  it("normalises over predictions with 'pred' and shows counts only with 'none'", () => {
    const byColumn = cells(plotConfusionMatrix(yTrue, yPred, { normalize: 'pred' }));
    // Column 0 holds 3 + 0 + 1 = 4 predictions; cell (2, 0) is 1 of them.
    expect(byColumn.find((cell) => cell.row === 2 && cell.column === 0)?.texts).toEqual(['1', '(25.0%)']);
    const plain = cells(plotConfusionMatrix(yTrue, yPred, { normalize: 'none' }));
    expect(plain.find((cell) => cell.row === 0 && cell.column === 0)?.texts).toEqual(['3']);
  });

  it('takes int tensors and probabilities without leaking tensors', () => {
    const truth = tf.tensor1d(yTrue, 'int32');
    const probabilities = tf.oneHot(tf.tensor1d(yPred, 'int32'), 3);
    const before = tf.memory().numTensors;
    const svg = plotConfusionMatrix(truth, probabilities);
    expect(tf.memory().numTensors).toBe(before);
    expect(cells(svg).map((cell) => cell.count)).toEqual([3, 1, 0, 0, 1, 1, 1, 1, 3]);
    tf.dispose([truth, probabilities]);
  });

  it('rejects labels beyond classNames and unknown normalize values', () => {
    expect(() => plotConfusionMatrix([0, 2], [0, 1], { classNames: ['a', 'b'] })).toThrow(/below numClasses \(2\); found label 2/);
    expect(() => plotConfusionMatrix([0], [0], { normalize: 'rows' as never })).toThrow(/normalize must be 'true', 'pred', 'all' or 'none', got "rows"/);
  });
});
