import { platform } from '#platform';
import { lineStream } from '../platform/console-stream.js';
import type { ProgressStream } from '../platform/platform.js';
import { ValueError } from '../errors/errors.js';
import { Callback, type Logs } from './callback.js';

export type { ProgressStream } from '../platform/platform.js';

/** Options for {@link ProgbarLogger}. */
export interface ProgbarLoggerOptions {
  /**
   * Output stream. Default: `process.stdout` in Node; in a browser, `console.log` one line per
   * epoch (the bar is redrawn in place only on a terminal).
   */
  stream?: ProgressStream;
  /** Receives each finished line instead of a stream (e.g. to show progress in a page). Not with `stream`. */
  printFn?: (line: string) => void;
  /** Minimum seconds between in-place bar updates (each reads metric values from the backend). Default: 0.05. */
  interval?: number;
}

const BAR_WIDTH = 20;

/** Python-like `{:.4f}` / `{:.4e}` formatting, as Keras prints metric values. */
export function formatLogValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) > 1e-3 || value === 0) return value.toFixed(4);
  const [mantissa, exponent] = value.toExponential(4).split('e');
  const sign = exponent!.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent!.replace(/^[+-]/, '').padStart(2, '0')}`;
}

function formatTimePerStep(seconds: number): string {
  if (seconds >= 1) return `${Math.round(seconds)}s/step`;
  if (seconds >= 1e-3) return `${Math.round(seconds * 1e3)}ms/step`;
  return `${Math.round(seconds * 1e6)}us/step`;
}

/** Log keys in display order: training values alphabetically, then validation values. */
function orderedEntries(logs: Logs): [string, number][] {
  const entries = Object.entries(logs);
  const rank = (key: string) => (key.startsWith('val_') ? 1 : 0);
  return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Keras's progress display: `Epoch 1/20` then `469/469 ━━━━━━━━━━━━━━━━━━━━ 3s 6ms/step - accuracy: 0.9 - loss: 0.3`.
 * verbose 1 redraws in place on a terminal (one line per epoch otherwise); verbose 2 prints one
 * line per epoch; 0 prints nothing. `fit`, `evaluate` and `predict` add it for verbose > 0 unless
 * `callbacks` already holds one (pass `new ProgbarLogger({ printFn })` to route the lines).
 */
export class ProgbarLogger extends Callback {
  /** Rank 0 alone prints and writes under a distribution. */
  override readonly chiefOnly = true;
  private readonly stream: ProgressStream;
  private readonly interval: number;
  private total = 0;
  private start = 0;
  private lastDraw = 0;
  private mode: 'train' | 'test' | 'predict' = 'train';
  private inFit = false;

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    if (options.stream !== undefined && options.printFn !== undefined) {
      throw new ValueError('ProgbarLogger: pass either `stream` or `printFn`, not both.');
    }
    this.stream = options.stream ?? (options.printFn !== undefined ? lineStream(options.printFn) : platform.progressStream());
    this.interval = options.interval ?? 0.05;
  }

  private get verbose(): number {
    return this.params.verbose ?? 1;
  }

  private get inPlace(): boolean {
    return this.verbose === 1 && this.stream.isTTY === true;
  }

  private begin(mode: 'train' | 'test' | 'predict'): void {
    this.mode = mode;
    this.total = this.params.steps ?? 0;
    this.start = performance.now();
    this.lastDraw = 0;
  }

  override wantsBatchLogs(batch: number, mode: 'train' | 'test' | 'predict'): boolean {
    if (!this.inPlace || mode !== this.mode) return false;
    return batch + 1 === this.total || (performance.now() - this.lastDraw) / 1000 >= this.interval;
  }

  private line(step: number, logs: Logs, final: boolean): string {
    const elapsed = (performance.now() - this.start) / 1000;
    const perStep = step > 0 ? elapsed / step : 0;
    const values = orderedEntries(logs)
      .map(([key, value]) => ` - ${key}: ${formatLogValue(value)}`)
      .join('');
    if (this.verbose === 2) return `${step}/${this.total} - ${Math.round(elapsed)}s - ${formatTimePerStep(perStep)}${values}`;
    const done = this.total > 0 ? Math.min(BAR_WIDTH, Math.floor((BAR_WIDTH * step) / this.total)) : BAR_WIDTH;
    const bar = this.stream.isTTY
      ? `\x1b[1m${'━'.repeat(done)}\x1b[0m\x1b[2m${'━'.repeat(BAR_WIDTH - done)}\x1b[0m`
      : `${'━'.repeat(done)}${' '.repeat(BAR_WIDTH - done)}`;
    const timing = final
      ? `${Math.round(elapsed)}s ${formatTimePerStep(perStep)}`
      : `${Math.round(perStep * (this.total - step))}s ${formatTimePerStep(perStep)}`;
    return `${step}/${this.total} ${bar} ${timing}${values}`;
  }

  private draw(step: number, logs: Logs, final: boolean): void {
    this.lastDraw = performance.now();
    if (this.inPlace) this.stream.write(`\r\x1b[2K${this.line(step, logs, final)}${final ? '\n' : ''}`);
    else if (final) this.stream.write(`${this.line(step, logs, final)}\n`);
  }

  override onTrainBegin(): void {
    this.inFit = true;
  }

  override onTrainEnd(): void {
    this.inFit = false;
  }

  override onEpochBegin(epoch: number): void {
    if (this.verbose === 0) return;
    this.stream.write(`Epoch ${epoch + 1}/${this.params.epochs ?? 1}\n`);
    this.begin('train');
  }

  override onTrainBatchEnd(batch: number, logs?: Logs): void {
    if (this.inPlace && logs !== undefined) this.draw(batch + 1, logs, false);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    if (this.verbose === 0) return;
    this.draw(this.total, logs, true);
  }

  override onTestBegin(): void {
    // Validation inside fit shows no bar of its own: its values join the epoch line.
    if (this.verbose === 0 || this.inFit) return;
    this.begin('test');
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (this.mode === 'test' && this.inPlace && logs !== undefined && !this.inFit) this.draw(batch + 1, logs, false);
  }

  override onTestEnd(logs: Logs = {}): void {
    if (this.verbose === 0 || this.inFit) return;
    this.draw(this.total, logs, true);
  }

  override onPredictBegin(): void {
    if (this.verbose === 0) return;
    this.begin('predict');
  }

  override onPredictBatchEnd(batch: number): void {
    if (this.mode === 'predict' && this.inPlace) this.draw(batch + 1, {}, false);
  }

  override onPredictEnd(): void {
    if (this.verbose === 0) return;
    this.draw(this.total, {}, true);
  }
}
