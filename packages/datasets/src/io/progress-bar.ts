/** Where progress goes: `process.stderr` by default; anything with `write`. */
export interface ProgressStream {
  write(text: string): unknown;
  /** When true, the bar redraws in place with `\r`; otherwise only the final line is written. */
  readonly isTTY?: boolean;
}

const WIDTH = 30;

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/** A one-line download progress bar, like the one Keras prints while fetching datasets. */
export class ProgressBar {
  private lastDrawn = -1;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly total: number | undefined,
  ) {}

  /** Redraws the bar for `received` bytes (throttled to whole-percent steps). */
  update(received: number): void {
    if (!this.stream.isTTY) return;
    const step = this.total ? Math.floor((100 * received) / this.total) : Math.floor(received / 1e6);
    if (step === this.lastDrawn) return;
    this.lastDrawn = step;
    this.stream.write(`\r${this.render(received)}`);
  }

  /** Writes the final state and ends the line. */
  finish(received: number): void {
    this.stream.write(`${this.stream.isTTY ? '\r' : ''}${this.render(received)}\n`);
  }

  private render(received: number): string {
    if (!this.total) return `${this.label} ${megabytes(received)}`;
    const fraction = Math.min(1, received / this.total);
    const filled = Math.round(fraction * WIDTH);
    const bar = '='.repeat(Math.max(0, filled - 1)) + (filled > 0 ? (filled === WIDTH ? '=' : '>') : '') + '.'.repeat(WIDTH - filled);
    return `${this.label} [${bar}] ${megabytes(received)}/${megabytes(this.total)} ${Math.round(fraction * 100)}%`;
  }
}
