/**
 * Errors thrown by `@keras-ts/datasets`. Each message says what was wrong, what was expected,
 * what was found and how to fix it.
 */
import { KerasError } from '@keras-ts/common';

/**
 * Base class of every error this package throws on bad input or bad data; a `KerasError` from
 * `@keras-ts/common`, so `catch (error) { if (error instanceof KerasError) … }` covers datasets too.
 */
export class DatasetError extends KerasError {}

/** A user-supplied argument (option, sequence, index) is invalid. */
export class DatasetValueError extends DatasetError {}

/** A dataset file is corrupt, truncated, or not in the expected format. */
export class DatasetFormatError extends DatasetError {}

/**
 * A compressed member (an `.npz` entry, a `.gz` file or the stream of a `.tar.gz`) declares or
 * inflates to more bytes than the decompression limit allows. Nothing past the limit is inflated.
 */
export class DecompressionLimitError extends DatasetFormatError {
  /** The file, and the member within it when there is one (`mnist.npz:x_train.npy`). */
  readonly member: string;
  /** The limit in bytes that was exceeded. */
  readonly limit: number;

  /**
   * @param member the file, or `file:member`.
   * @param limit the limit in bytes.
   * @param what what was found, e.g. `declares 67108864 bytes uncompressed`.
   * @param outcome what was done, e.g. `nothing was inflated`.
   */
  constructor(member: string, limit: number, what: string, outcome: string) {
    super(
      `${member} ${what}, over the decompression limit of ${formatBytes(limit)} per member; ${outcome}. ` +
        'The file may be a decompression bomb. If you trust it, raise the limit with the `maxInflatedBytes` option ' +
        '(e.g. `loadData({ maxInflatedBytes: 2 ** 31 })`, or the same option of readNpz, readIdx or readTar).',
    );
    this.member = member;
    this.limit = limit;
  }
}

/** `536870912` → `'512 MiB (536870912 bytes)'`. */
function formatBytes(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = Number.isInteger(value) ? String(value) : value.toFixed(1);
  return unit === 0 ? `${bytes} bytes` : `${rounded} ${units[unit]} (${bytes} bytes)`;
}

/** A downloaded file's hash differs from the hash Keras publishes for it. */
export class ChecksumError extends DatasetError {
  /** The file name whose content did not match. */
  readonly file: string;
  /** The expected hex digest. */
  readonly expected: string;
  /** The hex digest of the bytes that were received. */
  readonly actual: string;

  constructor(file: string, algorithm: string, expected: string, actual: string, origin: string) {
    super(
      `Checksum mismatch for '${file}' downloaded from ${origin}: expected ${algorithm} ${expected}, ` +
        `got ${actual}. The download was discarded and nothing was written to the cache. ` +
        'Retry the download, or fetch the file by hand from the same address and pass its location with `path`.',
    );
    this.file = file;
    this.expected = expected;
    this.actual = actual;
  }
}

/** No local copy of a dataset file exists and it could not be downloaded. */
export class DatasetNotFoundError extends DatasetError {
  /** Every location that was searched, in order. */
  readonly searched: readonly string[];

  constructor(message: string, searched: readonly string[]) {
    super(message);
    this.searched = searched;
  }
}

/**
 * A pickle stream asked for something outside the allow-list (an unknown global, or a call on
 * anything but numpy's array reconstruction). Nothing from the stream is ever executed.
 */
export class UnpicklingError extends DatasetFormatError {}
