/**
 * Errors thrown by `@keras-ts/datasets`. Each message says what was wrong, what was expected,
 * what was found and how to fix it.
 */

/** Base class of every error this package throws on bad input or bad data. */
export class DatasetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A user-supplied argument (option, sequence, index) is invalid. */
export class DatasetValueError extends DatasetError {}

/** A dataset file is corrupt, truncated, or not in the expected format. */
export class DatasetFormatError extends DatasetError {}

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
