// Statistics, tables and JSON of `pnpm bench --vs keras3`.
import type { Workload } from './workloads.js';

/** One side's measurements of one workload over the rounds: ms per training step. */
export interface Measured {
  median: number;
  min: number;
  max: number;
  /** Every round's ms/step, in round order. */
  rounds: number[];
}

/** One column of the table: Keras 3 ('keras3') or keras-ts on one backend. */
export interface Side {
  key: string;
  /** Column heading: 'Keras 3 (JAX)', 'keras-ts native', … */
  title: string;
  /** What the worker said about itself (versions, threads), or why the side was skipped. */
  detail: string;
  skipped: boolean;
}

/** Results by side key, then workload id: ms/step per round, the first error message, and how the steps ran (keras-ts). */
export type Results = Map<string, Map<string, { rounds: number[]; error?: string; note?: string }>>;

export function measure(rounds: number[]): Measured {
  const sorted = [...rounds].sort((a, b) => a - b);
  const middle = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? sorted[Math.floor(middle)]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)!, rounds };
}

/** Three significant digits without an exponent, as the table writes them: 0.57, 4.17, 259, 1234. */
export const formatMs = (ms: number): string => (ms >= 1000 ? ms.toFixed(0) : Number(ms.toPrecision(3)).toString());
/** keras-ts time over Keras 3's, two significant digits: 0.25×, 2.1×, 20×. */
export const formatRatio = (ratio: number): string => `${Number(ratio.toPrecision(2))}×`;

function cell(results: Results, side: Side, id: string): string {
  if (side.skipped) return 'skipped';
  const entry = results.get(side.key)?.get(id);
  if (entry === undefined || entry.rounds.length === 0) return entry?.error === undefined ? '—' : 'failed';
  const { median, min, max } = measure(entry.rounds);
  return entry.rounds.length === 1 ? formatMs(median) : `${formatMs(median)} [${formatMs(min)}–${formatMs(max)}]`;
}

/** keras-ts median over Keras 3's median for one workload, or undefined when either is missing. */
export function ratioOf(results: Results, sideKey: string, id: string): number | undefined {
  const keras = results.get('keras3')?.get(id)?.rounds ?? [];
  const ours = results.get(sideKey)?.get(id)?.rounds ?? [];
  return keras.length === 0 || ours.length === 0 ? undefined : measure(ours).median / measure(keras).median;
}

/** A Markdown table: Keras 3, then per keras-ts backend its ms/step and its ratio to Keras 3. */
export function table(results: Results, sides: Side[], workloads: Workload[], firstHeading: string): string {
  const [keras, ...ours] = sides;
  const heading = [firstHeading, keras!.title, ...ours.flatMap((side) => [side.title, 'ratio'])];
  const lines = [`| ${heading.join(' | ')} |`, `| ${heading.map(() => '---').join(' | ')} |`];
  for (const workload of workloads) {
    const cells = [workload.label, cell(results, keras!, workload.id)];
    for (const side of ours) {
      const ratio = ratioOf(results, side.key, workload.id);
      cells.push(cell(results, side, workload.id), ratio === undefined ? '—' : formatRatio(ratio));
    }
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** One line per side and workload that has `field` (an error, a note on how the steps ran): side, workload, text. */
export function listed(results: Results, field: 'error' | 'note'): string[] {
  const lines: string[] = [];
  for (const [side, byWorkload] of results) {
    for (const [id, entry] of byWorkload) if (entry[field] !== undefined) lines.push(`${side} ${id}: ${entry[field]}`);
  }
  return lines;
}

/** The run as JSON, for the README's table: settings, each side's description, and per workload every side's figures. */
export function toJson(results: Results, sides: Side[], workloads: Workload[], settings: Record<string, unknown>): unknown {
  return {
    date: new Date().toISOString(),
    machine: { platform: process.platform, arch: process.arch, node: process.version },
    settings,
    sides: sides.map(({ key, title, detail, skipped }) => ({ key, title, detail, skipped })),
    unit: 'ms per training step (one whole fit over the timed steps, divided by the steps)',
    workloads: workloads.map((workload) => ({
      ...workload,
      timedSteps: typeof settings.steps === 'number' ? settings.steps : workload.defaultSteps,
      results: Object.fromEntries(
        sides.map((side) => {
          const entry = results.get(side.key)?.get(workload.id);
          const value =
            entry === undefined || entry.rounds.length === 0
              ? { error: entry?.error ?? (side.skipped ? 'skipped' : 'not run') }
              : { ...measure(entry.rounds), ...(entry.note === undefined ? {} : { note: entry.note }) };
          return [side.key, value];
        }),
      ),
      ratioToKeras3: Object.fromEntries(sides.slice(1).map((side) => [side.key, ratioOf(results, side.key, workload.id) ?? null])),
    })),
  };
}
