import { ValueError } from '../errors/errors.js';

/**
 * A saved model (its `model.json`, in-memory artifacts or weight data) is malformed: a field has
 * the wrong type, a dtype or layer class is unknown, the JSON nests too deeply, the weight data
 * does not match its manifest. The message starts with the source and the path of the field:
 * `'dir/model.json': modelTopology.config.layers[2].config.activation: expected a string or
 * {class_name, config}, got 7.`
 */
export class ModelFormatError extends ValueError {
  /** Where the bad value sits, e.g. `weightsManifest[0].weights[3].dtype`; `''` for the whole file. */
  readonly field: string;

  constructor(source: string, field: string, problem: string, options?: { cause?: unknown }) {
    super(`${source}: ${field === '' ? '' : `${field}: `}${problem}`);
    this.field = field;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }
}
