import { ValueError } from '../errors/errors.js';
import type { Model } from '../models/model.js';
import { kerasFileKind } from '../saving/keras3/keras-files.js';
import { loadModel } from '../saving/load-model.js';

/**
 * `keras-ts-core convert <input> <output>`: converts a model between Keras 3's `.keras`, Keras's
 * legacy `.h5` (read only), Keras 3's `.weights.h5` and the tfjs layout (a folder or a
 * `model.json` with its weight shards), by loading it into keras-ts and saving it again — so
 * every check of `loadModel` applies (no code evaluated, Lambda refused, sizes bounded).
 */

/** The file kinds the converter tells apart, by name. */
export type ConvertKind = 'keras' | 'h5' | 'weights.h5' | 'tfjs';

export function convertKind(path: string): ConvertKind {
  const kind = kerasFileKind(path);
  if (kind === 'keras2.h5') return 'h5';
  return kind ?? 'tfjs';
}

/** Options of {@link convertModelFile}. */
export interface ConvertOptions {
  /** The architecture (a `.keras`, `.h5` or tfjs model) to load a `.weights.h5` input into. */
  architecture?: string;
  /** Keep the compile config and optimizer state (default true). */
  includeOptimizer?: boolean;
}

async function loadInput(input: string, options: ConvertOptions): Promise<Model> {
  const kind = convertKind(input);
  if (kind !== 'weights.h5') {
    if (options.architecture !== undefined) throw new ValueError(`--architecture is for .weights.h5 inputs; '${input}' holds its own architecture.`);
    return loadModel(input, { compile: options.includeOptimizer ?? true });
  }
  if (options.architecture === undefined) {
    throw new ValueError(
      `'${input}' holds weights only. Name the model they belong to: --architecture <model.keras | model.h5 | model.json>, or convert a .keras or .h5 file instead.`,
    );
  }
  const model = await loadModel(options.architecture, { compile: false });
  try {
    await model.loadWeights(input);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

/** Loads `input` and writes it as `output`; the kinds come from the names (a folder or `model.json` is the tfjs layout). */
export async function convertModelFile(input: string, output: string, options: ConvertOptions = {}): Promise<{ from: ConvertKind; to: ConvertKind }> {
  const from = convertKind(input);
  const to = convertKind(output);
  if (to === 'h5') {
    throw new ValueError(
      `Cannot write '${output}': keras-ts reads Keras's legacy .h5 files but does not write them (Keras 3 calls the format legacy). Write a .keras file instead.`,
    );
  }
  const model = await loadInput(input, options);
  try {
    if (to === 'weights.h5') await model.saveWeights(output);
    else await model.save(output, { includeOptimizer: options.includeOptimizer ?? true });
  } finally {
    model.dispose();
  }
  return { from, to };
}
