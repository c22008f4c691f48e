import { platform } from '#platform';
import { ValueError } from '../errors/errors.js';
import { type FileSystem, requireFiles } from '../platform/platform.js';
import { formatPythonFloat } from '../utils/python-format.js';
import { Callback, type Logs } from './callback.js';

/** Options for {@link CSVLogger}. */
export interface CSVLoggerOptions {
  /** Column separator. Default: ','. */
  separator?: string;
  /** Append to an existing file instead of overwriting it. Default: false. */
  append?: boolean;
}

/**
 * Streams epoch results to a CSV file: a header `epoch,<keys sorted>` then one row per epoch, as
 * Keras writes it (missing values are `NA`; rows end with `\r\n`). Needs Node (files); in a
 * browser the constructor throws a PlatformError.
 */
export class CSVLogger extends Callback {
  /** Rank 0 alone prints and writes under a distribution. */
  override readonly chiefOnly = true;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private writeHeader = true;
  private readonly files: FileSystem;

  constructor(
    /** Path of the CSV file. */
    readonly filename: string,
    options: CSVLoggerOptions = {},
  ) {
    super();
    if (typeof filename !== 'string' || filename.length === 0) {
      throw new ValueError(`CSVLogger: \`filename\` must be a non-empty path, got ${JSON.stringify(filename)}.`);
    }
    this.files = requireFiles(
      platform.files,
      "CSVLogger writes files and needs Node. In a browser use a LambdaCallback, e.g. new LambdaCallback({ onEpochEnd: (epoch, logs) => rows.push({ epoch, ...logs }) }), or read model.fit(…)'s History.",
    );
    this.separator = options.separator ?? ',';
    this.append = options.append ?? false;
  }

  override async onTrainBegin(): Promise<void> {
    this.keys = null;
    if (this.append) {
      const exists = (await this.files.stat(this.filename))?.isFile === true;
      this.writeHeader = !(exists && (await this.files.readText(this.filename)).split('\n')[0]!.length > 0);
    } else {
      this.writeHeader = true;
      await this.files.writeText(this.filename, '');
    }
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      // With validationFreq > 1 the first epoch has no val_ keys; reserve their columns anyway.
      if (this.keys.length > 0 && !this.keys.some((key) => key.startsWith('val_'))) this.keys.push(...this.keys.map((key) => `val_${key}`));
    }
    const lines: string[] = [];
    if (this.writeHeader) {
      lines.push(['epoch', ...this.keys].map((cell) => this.quote(cell)).join(this.separator));
      this.writeHeader = false;
    }
    const cells = this.keys.map((key) => (logs[key] === undefined ? 'NA' : formatPythonFloat(logs[key]!)));
    lines.push([String(epoch), ...cells].map((cell) => this.quote(cell)).join(this.separator));
    await this.files.appendText(this.filename, lines.map((line) => `${line}\r\n`).join(''));
  }

  private quote(cell: string): string {
    return cell.includes(this.separator) || cell.includes('"') || cell.includes('\n') ? `"${cell.replace(/"/g, '""')}"` : cell;
  }
}
