// While loadModel builds layers from a file, no weight may be larger than the largest tensor the
// file holds (every model weight must match one of them). Checking before the initializer runs
// keeps a hostile `units: 100000000` from allocating gigabytes before the shapes are compared.
import { ModelFormatError } from './model-format-error.js';

let current: { largest: number; source: string } | undefined;

/**
 * Runs `build` (synchronous) while {@link checkWeightAllowance} refuses weights of more than
 * `largest` values, naming `source` in its error.
 */
export function withWeightAllowance<T>(largest: number, source: string, build: () => T): T {
  const previous = current;
  current = { largest, source };
  try {
    return build();
  } finally {
    current = previous;
  }
}

/**
 * Called by `Layer.addWeight` before it creates a weight: outside {@link withWeightAllowance} it
 * does nothing; inside, a weight larger than the allowance (or with a shape that is not a list of
 * sizes) throws a {@link ModelFormatError} before anything is allocated.
 */
export function checkWeightAllowance(layerName: string, weightName: string, shape: readonly number[]): void {
  if (current === undefined) return;
  let size = 1;
  for (const dimension of shape) size *= Number.isSafeInteger(dimension) && dimension >= 0 ? dimension : Number.NaN;
  if (!(size <= current.largest)) {
    throw new ModelFormatError(
      current.source,
      '',
      `layer '${layerName}' would create the weight '${weightName}' with shape [${shape.join(', ')}], but the largest tensor in the file has ${current.largest} values. The topology and the weights do not belong together (or a size in the layer config is corrupt).`,
    );
  }
}
