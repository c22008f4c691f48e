import type { Optimizer } from '@keras-ts/optimizers';
import type { LayerWeight } from '../engine/layer-weight.js';
import type { CompileOptions } from '../training/compile-options.js';
import type { FetchOptions } from './http-handler.js';

/** What saving and loading need from a model (Model and Sequential provide it). */
export interface SaveableModel {
  readonly name: string;
  readonly className: string;
  getConfig(): Record<string, unknown>;
  readonly weights: LayerWeight[];
  readonly trainableWeights: LayerWeight[];
  readonly optimizer: Optimizer | undefined;
  /** The options given to `compile`, if it was called. */
  readonly compileOptions: CompileOptions | undefined;
}

/** Options of `model.save`. */
export interface SaveOptions {
  /** Store the optimizer state and the compile() settings so training resumes exactly. Default: true. */
  includeOptimizer?: boolean;
}

/** Options of `loadModel`; the fetch options apply to http(s):// URLs (see {@link FetchOptions}). */
export interface LoadModelOptions extends FetchOptions {
  /** Compile the model from its saved training config and restore the optimizer state. Default: true. */
  compile?: boolean;
}

/** Version written into `generatedBy` / `keras_version`. */
export const KERAS_TS_VERSION = '0.1.0';
