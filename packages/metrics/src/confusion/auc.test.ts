import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { expectAllClose, runBatches } from '../testing/metric.test-utils.js';
import { AUC } from './auc.js';
import { batchesOf, countsOver, ROWS } from './confusion-data.test-utils.js';

/** Keras's thresholds for numThresholds n: -1e-7, i/(n-1) for 0 < i < n-1, 1 + 1e-7 (in float32). */
function thresholdsFor(n: number): number[] {
  const inner = Array.from({ length: n - 2 }, (_, i) => (i + 1) / (n - 1));
  return [-1e-7, ...inner, 1 + 1e-7].map(Math.fround);
}

function rocAuc(n: number, weighted: boolean, method: 'interpolation' | 'minoring' | 'majoring'): number {
  const points = thresholdsFor(n).map((t) => {
    const c = countsOver(ROWS, t, weighted, (row, column) => Math.fround(row.scores[column] as number) > t);
    return { x: c.fp + c.tn === 0 ? 0 : c.fp / (c.fp + c.tn), y: c.tp + c.fn === 0 ? 0 : c.tp / (c.tp + c.fn) };
  });
  let area = 0;
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i] as { x: number; y: number };
    const b = points[i + 1] as { x: number; y: number };
    const height = method === 'interpolation' ? (a.y + b.y) / 2 : method === 'minoring' ? Math.min(a.y, b.y) : Math.max(a.y, b.y);
    area += (a.x - b.x) * height;
  }
  return area;
}

/** PR-AUC with Davis & Goadrich interpolation of TP against predicted positives, written out. */
function prAuc(n: number, weighted: boolean): number {
  const c = thresholdsFor(n).map((t) => countsOver(ROWS, t, weighted, (row, column) => Math.fround(row.scores[column] as number) > t));
  let area = 0;
  for (let i = 0; i < c.length - 1; i++) {
    const a = c[i] as { tp: number; fp: number; fn: number };
    const b = c[i + 1] as { tp: number; fp: number; fn: number };
    const pA = a.tp + a.fp;
    const pB = b.tp + b.fp;
    const dTp = a.tp - b.tp;
    const dP = pA - pB;
    const slope = dP > 0 ? dTp / dP : 0;
    const intercept = b.tp - slope * pB;
    const ratio = pA > 0 && pB > 0 ? pA / pB : 1;
    const positives = b.tp + b.fn;
    if (positives > 0) area += (slope * (dTp + intercept * Math.log(ratio))) / positives;
  }
  return area;
}

describe('AUC', () => {
  it('reproduces the Keras docstring example (0.75, and 1.0 with weights)', () => {
    const metric = new AUC({ numThresholds: 3 });
    expectAllClose(runBatches(metric, [{ yTrue: [0, 0, 1, 1], yPred: [0, 0.5, 0.3, 0.9] }]), [0.75]);
    expectAllClose(runBatches(metric, [{ yTrue: [0, 0, 1, 1], yPred: [0, 0.5, 0.3, 0.9], sampleWeight: [1, 0, 0, 1] }]), [1]);
    metric.dispose();
  });

  it('ROC with 200 thresholds equals the Riemann sum over the whole data, for each summation method', () => {
    for (const method of ['interpolation', 'minoring', 'majoring'] as const) {
      const metric = new AUC({ summationMethod: method });
      for (const weighted of [false, true]) {
        expectAllClose(runBatches(metric, batchesOf(ROWS, weighted)), [rocAuc(200, weighted, method)], 1e-4);
      }
      metric.dispose();
    }
  });

  it('PR with interpolation equals the Davis & Goadrich sum over the whole data', () => {
    const metric = new AUC({ curve: 'PR', numThresholds: 50 });
    for (const weighted of [false, true]) {
      expectAllClose(runBatches(metric, batchesOf(ROWS, weighted)), [prAuc(50, weighted)], 1e-4);
    }
    metric.dispose();
  });

  it('is close to the exact rank statistic for well-separated scores', () => {
    const scores = [0.05, 0.12, 0.33, 0.41, 0.58, 0.66, 0.74, 0.93];
    const labels = [0, 0, 1, 0, 1, 0, 1, 1];
    let pairs = 0;
    let wins = 0;
    labels.forEach((li, i) => {
      labels.forEach((lj, j) => {
        if (li === 1 && lj === 0) {
          pairs += 1;
          wins += (scores[i] as number) > (scores[j] as number) ? 1 : 0;
        }
      });
    });
    const metric = new AUC();
    expectAllClose(runBatches(metric, [{ yTrue: labels, yPred: scores }]), [wins / pairs], 1e-3);
    const logits = new AUC({ fromLogits: true });
    const logitScores = scores.map((s) => Math.log(s / (1 - s)));
    expectAllClose(runBatches(logits, [{ yTrue: labels, yPred: logitScores }]), [wins / pairs], 1e-3);
    metric.dispose();
    logits.dispose();
  });

  it('validates options and reports its config', () => {
    expect(() => new AUC({ numThresholds: 1 })).toThrow(/numThresholds must be an integer > 1, got 1/);
    expect(() => new AUC({ curve: 'XY' as never })).toThrow(/curve must be 'ROC' or 'PR'/);
    expect(() => new AUC({ summationMethod: 'trapezoid' as never })).toThrow(/summationMethod must be/);
    const metric = new AUC({ thresholds: [0.7, 0.2] });
    expect(metric.thresholds.slice(1, -1)).toEqual([0.2, 0.7]);
    expect(metric.getConfig()).toEqual({
      name: 'auc',
      numThresholds: 4,
      curve: 'ROC',
      summationMethod: 'interpolation',
      fromLogits: false,
      thresholds: [0.7, 0.2],
    });
    metric.dispose();
  });
});
