import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../../errors/errors.js';
import { deserializeLayer } from '../../engine/registry.js';
import { Model } from '../../models/model.js';
import { type JsonValue, fromKerasJson } from '../keras-json.js';
import { releaseOnFailure, typedFailure } from '../load-guard.js';
import { ModelFormatError } from '../model-format-error.js';
import type { LoadModelOptions, SaveOptions } from '../saveable.js';
import { checkTopology } from '../schema/topology-schema.js';
import { compileOptionsFrom, trainingConfigOf } from '../training-config.js';
import { withWeightAllowance } from '../weight-allowance.js';
import { withH5File, writeH5 } from './h5.js';
import { fromKeras3Config, trainingConfigFromKeras3 } from './keras-config.js';
import { kerasConfigText, toKeras3Config } from './keras-config-export.js';
import { MAX_KERAS_FILE_BYTES } from './keras-files.js';
import { kerasOptimizerContents, restoreKerasOptimizerState } from './optimizer-state.js';
import { assignKerasWeights, kerasWeightsH5Contents } from './weights-h5.js';
import { readZip, writeZip } from './zip.js';

/**
 * Keras 3's `.keras` archive (keras/src/saving/saving_lib.py): a zip of `metadata.json`
 * (`keras_version`, `date_saved`), `config.json` (the model's serialized config, with its
 * `compile_config`) and `model.weights.h5` (the `.weights.h5` layout, optimizer under `optimizer/`).
 */
const METADATA = 'metadata.json';
const CONFIG = 'config.json';
const WEIGHTS = 'model.weights.h5';

/** Options of {@link loadKerasArchive}. */
export interface KerasArchiveLoadOptions extends Pick<LoadModelOptions, 'compile'> {
  /** The largest member accepted, declared or inflated (default: 2 GiB, what h5wasm can hold). */
  maxMemberBytes?: number;
}

function parseJson(bytes: Uint8Array, source: string, member: string): JsonValue {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as JsonValue;
  } catch (error) {
    throw new ModelFormatError(source, member, `is not valid UTF-8 JSON (${(error as Error).message})`);
  }
}

function member(members: Map<string, Uint8Array>, name: string, source: string): Uint8Array {
  const bytes = members.get(name);
  if (bytes === undefined) throw new ModelFormatError(source, '', `has no '${name}'; a Keras 3 .keras archive holds ${METADATA}, ${CONFIG} and ${WEIGHTS}`);
  return bytes;
}

/** Compiles `model` from Keras's compile config, or warns and leaves it uncompiled when keras-ts cannot express it. */
export function compileFrom(model: Model, compile: JsonValue, source: string): void {
  const training = trainingConfigFromKeras3(compile);
  const before = new Set(Object.keys(tf.engine().registeredVariables));
  try {
    if (typeof training === 'string') throw new ValueError(training);
    model.compile(compileOptionsFrom(training));
    model._adoptOptimizer();
  } catch (error) {
    for (const [name, variable] of Object.entries(tf.engine().registeredVariables)) if (!before.has(name)) variable.dispose();
    console.warn(
      `loadModel(${source}): the model is loaded uncompiled: its compile config cannot be restored (${(error as Error).message}). Compile it yourself.`,
    );
  }
}

/**
 * Loads a `.keras` archive: unzips it (bounded), converts Keras 3's config to keras-ts's, checks it
 * against the topology schema, builds the model through the layer registry, compiles it when the
 * archive's compile config allows, and assigns the weights — all synchronously inside one
 * `releaseOnFailure`, so a failure leaves no tensor or variable.
 */
export async function loadKerasArchive(bytes: Uint8Array, source: string, options: KerasArchiveLoadOptions = {}): Promise<Model> {
  const members = readZip(bytes, source, { maxMemberBytes: options.maxMemberBytes ?? MAX_KERAS_FILE_BYTES, members: [METADATA, CONFIG, WEIGHTS] });
  const metadata = parseJson(member(members, METADATA, source), source, METADATA);
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || typeof metadata.keras_version !== 'string') {
    throw new ModelFormatError(source, METADATA, 'expected an object with a keras_version string');
  }
  const raw = parseJson(member(members, CONFIG, source), source, CONFIG);
  const topology = typedFailure(source, 'Reading config.json', () => fromKeras3Config(raw, source));
  const { className, config } = checkTopology({ source }, topology);
  const compile = (options.compile ?? true) && typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw.compile_config : undefined;
  return withH5File(member(members, WEIGHTS, source), `${source}:${WEIGHTS}`, (file) =>
    releaseOnFailure(() => {
      const largest = file.datasets.reduce(
        (most, info) =>
          Math.max(
            most,
            info.shape.reduce((size, dimension) => size * dimension, 1),
          ),
        0,
      );
      const layer = typedFailure(source, 'Building the model from config.json', () =>
        withWeightAllowance(largest, source, () => deserializeLayer({ className, config: fromKerasJson(config as JsonValue) as Record<string, unknown> })),
      );
      try {
        if (!(layer instanceof Model)) throw new ValueError(`${source} describes a ${className} layer, not a model (Sequential or Functional).`);
        typedFailure(source, 'Restoring the weights', () => assignKerasWeights(layer, file, `${source}:${WEIGHTS}`));
        // Keras writes `{}` for a model that was never compiled.
        if (typeof compile === 'object' && compile !== null && Object.keys(compile).length > 0) {
          compileFrom(layer, compile, source);
          typedFailure(source, 'Restoring the optimizer state', () => restoreKerasOptimizerState(layer, file, `${source}:${WEIGHTS}`));
        }
      } catch (error) {
        layer.dispose();
        throw error;
      }
      return layer;
    }),
  );
}

function kerasDate(date: Date): string {
  const two = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}@${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}`;
}

/** The bytes of a `.keras` archive of `model` (its compile config when compiled with names and `includeOptimizer`). */
export async function saveKerasArchive(model: Model, options: SaveOptions = {}): Promise<Uint8Array> {
  const compileOptions = model.compileOptions;
  const optimizer = model.optimizer;
  const training = compileOptions !== undefined && optimizer !== undefined ? trainingConfigOf(compileOptions, optimizer) : undefined;
  const includeOptimizer = options.includeOptimizer ?? true;
  if (compileOptions !== undefined && training === undefined && includeOptimizer) {
    console.warn(
      `model.save: model '${model.name}' was compiled with a loss or metric given as a function or object, which cannot be stored as data; the .keras file has no compile config, so loading returns it uncompiled.`,
    );
  }
  const config = toKeras3Config(model, includeOptimizer ? (training as { [key: string]: JsonValue } | undefined) : undefined);
  // Keras reads keras_version to pick its loading rules; these files follow Keras 3.15's.
  const metadata = { keras_version: '3.15.1', date_saved: kerasDate(new Date()), generated_by: 'keras-ts' };
  const encode = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
  const contents = await kerasWeightsH5Contents(model);
  if (includeOptimizer && training !== undefined) {
    // Keras writes the optimizer's variables after the layers' (saving_lib's `optimizer` entry).
    const state = await kerasOptimizerContents(model);
    contents.groups.push(...state.groups);
    contents.datasets.push(...state.datasets);
    for (const [path, name] of state.names ?? []) contents.names?.set(path, name);
  }
  const weights = await writeH5(contents);
  return writeZip([
    [METADATA, encode(metadata)],
    [CONFIG, new TextEncoder().encode(kerasConfigText(config))],
    [WEIGHTS, weights],
  ]);
}
