import { seededRandom, splitRows } from '../testing/metric.test-utils.js';

/** Multi-class rows shared by the confusion-metric tests: 0/1 labels per class, scores, a weight. */
export interface Row {
  labels: number[];
  scores: number[];
  weight: number;
}

const random = seededRandom(21);
/** 25 rows of 3 classes. */
export const ROWS: Row[] = Array.from({ length: 25 }, () => ({
  labels: Array.from({ length: 3 }, () => (random() < 0.4 ? 1 : 0)),
  scores: Array.from({ length: 3 }, () => Math.round(random() * 100) / 100),
  weight: Math.round(random() * 20) / 10,
}));

/** The 25 rows as unequal batches of tensor-ready data. */
export function batchesOf(rows: Row[], weighted: boolean) {
  return splitRows(rows, [6, 1, 10, 8]).map((batch) => ({
    yTrue: batch.map((r) => r.labels),
    yPred: batch.map((r) => r.scores),
    ...(weighted ? { sampleWeight: batch.map((r) => r.weight) } : {}),
  }));
}

/** Weighted tp/fp/tn/fn over every (label, score) entry selected by `keep`, at `threshold`. */
export function countsOver(
  rows: Row[],
  threshold: number,
  weighted: boolean,
  positive: (row: Row, column: number) => boolean = (row, column) => (row.scores[column] as number) > threshold,
  columns: number[] = [0, 1, 2],
): { tp: number; fp: number; tn: number; fn: number } {
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (const row of rows) {
    const w = weighted ? row.weight : 1;
    for (const column of columns) {
      const label = row.labels[column] === 1;
      const predicted = positive(row, column);
      if (label && predicted) counts.tp += w;
      else if (!label && predicted) counts.fp += w;
      else if (!label) counts.tn += w;
      else counts.fn += w;
    }
  }
  return counts;
}
