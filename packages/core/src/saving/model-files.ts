import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import type { ContainedFile, FileSystem } from '../platform/platform.js';
import type { JsonValue } from './keras-json.js';
import { type WeightSpec, specByteLength } from './weights-codec.js';

/** The JSON file of a saved model or of saved weights (tfjs-layers' `model.json` layout). */
export interface ModelJson {
  /** 'layers-model' for `save`, 'layers-weights' for `saveWeights`. */
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  /** `{ class_name, config, keras_version, backend }`. */
  modelTopology?: { class_name: string; config: JsonValue; keras_version?: string; backend?: string } | null;
  /** Keras training config (loss, metrics, optimizer_config), when the model was compiled. */
  trainingConfig?: Record<string, JsonValue> | null;
  /** Groups of binary files and the tensors they hold, in order. */
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

/** Which files a directory holds: `save` writes `model.json`, `saveWeights` `model.weights.json`. */
export type SavedKind = 'model' | 'weights';

/** Where the JSON and binary files of a save go. */
export interface ModelFilePaths {
  json: string;
  weights: string;
}

/** Paths may be given as tfjs-node style URLs (`file://…`). */
function stripScheme(path: string): string {
  return path.startsWith('file://') ? path.slice('file://'.length) : path;
}

/**
 * The files for `path`: a path ending in `.json` is the JSON file itself (its binary is
 * `weights.bin` beside a `model.json`, else `<stem>.bin`); any other path is a directory that
 * holds `model.json` + `weights.bin` (or `model.weights.json` + `model.weights.bin` for weights).
 */
export function modelFilePaths(files: FileSystem, path: string, kind: SavedKind): ModelFilePaths {
  const plain = stripScheme(path);
  if (plain.endsWith('.json')) {
    const name = files.basename(plain);
    const binary = name === 'model.json' ? 'weights.bin' : `${name.slice(0, -'.json'.length)}.bin`;
    return { json: plain, weights: files.join(files.dirname(plain), binary) };
  }
  return kind === 'model'
    ? { json: files.join(plain, 'model.json'), weights: files.join(plain, 'weights.bin') }
    : { json: files.join(plain, 'model.weights.json'), weights: files.join(plain, 'model.weights.bin') };
}

/** Finds the JSON file for `path`: the file itself, or the first of `candidates` in the directory. */
async function findJson(files: FileSystem, path: string, candidates: string[]): Promise<string> {
  const plain = stripScheme(path);
  if (plain.endsWith('.json')) return plain;
  const info = await files.stat(plain);
  if (info === undefined) throw new ValueError(`No saved model at '${plain}': the path does not exist.`);
  if (!info.isDirectory) throw new ValueError(`'${plain}' is neither a directory nor a .json file; pass the directory given to save() or its model.json.`);
  for (const name of candidates) {
    const candidate = files.join(plain, name);
    if ((await files.stat(candidate))?.isFile === true) return candidate;
  }
  throw new ValueError(`The directory '${plain}' holds none of ${candidates.join(', ')}; pass the directory given to save() or saveWeights().`);
}

async function readJson(files: FileSystem, jsonPath: string): Promise<ModelJson> {
  const text = await files.readText(jsonPath).catch((error: Error) => {
    throw new ValueError(`Cannot read '${jsonPath}': ${error.message}.`);
  });
  let json: ModelJson;
  try {
    json = JSON.parse(text) as ModelJson;
  } catch (error) {
    throw new ValueError(`'${jsonPath}' is not valid JSON (${(error as Error).message}); the file is truncated or corrupt.`);
  }
  if (json === null || typeof json !== 'object' || !Array.isArray(json.weightsManifest)) {
    throw new ValueError(`'${jsonPath}' has no \`weightsManifest\` list; it is not a model saved by keras-ts or tfjs-layers.`);
  }
  for (const group of json.weightsManifest) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights) || !group.paths.every((path) => typeof path === 'string')) {
      throw new ValueError(`'${jsonPath}' has a weightsManifest group without \`paths\` and \`weights\` lists; the file is corrupt.`);
    }
  }
  return json;
}

/**
 * Opens every weights file the manifest lists, inside the JSON file's folder, and checks each
 * group's file sizes against the bytes its weight specs describe before anything is read.
 */
async function readWeightFiles(files: FileSystem, jsonPath: string, json: ModelJson): Promise<Uint8Array> {
  const source = `'${jsonPath}'`;
  const folder = files.dirname(jsonPath);
  const opened: ContainedFile[] = [];
  try {
    let total = 0;
    for (const group of json.weightsManifest) {
      const expected = group.weights.reduce((sum, spec) => sum + specByteLength(spec), 0);
      let size = 0;
      for (const path of group.paths) {
        const file = await files.openInside(folder, path, source);
        opened.push(file);
        size += file.size;
      }
      if (size !== expected) {
        const names = group.paths.map((path) => `'${path}'`).join(', ');
        throw new ValueError(
          `The weights file${group.paths.length === 1 ? '' : 's'} ${names} listed in ${source} ${group.paths.length === 1 ? 'has' : 'have'} ${size} bytes, but its manifest describes ${expected} bytes (${group.weights.length} tensors). The weights file is truncated, corrupt or belongs to another model; save the model again.`,
        );
      }
      total += size;
    }
    const weights = new Uint8Array(total);
    let offset = 0;
    for (const file of opened) {
      const part = await file.read();
      // The size was checked on the open handle; a file that changed since then is rejected too.
      if (part.byteLength !== file.size || offset + part.byteLength > total) {
        throw new ValueError(`A weights file listed in ${source} changed while it was read; load it again.`);
      }
      weights.set(part, offset);
      offset += part.byteLength;
    }
    return weights;
  } finally {
    await Promise.all(opened.map((file) => file.close()));
  }
}

/**
 * The file save/load handler for a directory or a `.json` path (Node; plain paths and `file://`).
 * Saving writes the JSON and the binary atomically (temporary names, renamed into place once
 * both are written). Loading resolves every weights path inside the JSON file's folder.
 */
export function fileHandler(files: FileSystem, path: string, kind: SavedKind): tf.io.IOHandler {
  if (typeof path !== 'string' || stripScheme(path).length === 0) {
    throw new ValueError(`Expected a path (a directory, or a file ending in .json), got ${JSON.stringify(path)}.`);
  }
  return {
    async save(artifacts: tf.io.ModelArtifacts): Promise<tf.io.SaveResult> {
      const paths = modelFilePaths(files, path, kind);
      const data = artifacts.weightData;
      const bytes = data === undefined ? new Uint8Array(0) : Array.isArray(data) ? concatenate(data.map((part) => new Uint8Array(part))) : new Uint8Array(data);
      const json: ModelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        ...(artifacts.modelTopology !== undefined ? { modelTopology: artifacts.modelTopology as ModelJson['modelTopology'] } : {}),
        ...(artifacts.trainingConfig !== undefined ? { trainingConfig: artifacts.trainingConfig as unknown as Record<string, JsonValue> } : {}),
        weightsManifest: [{ paths: [files.basename(paths.weights)], weights: (artifacts.weightSpecs ?? []) as WeightSpec[] }],
      };
      const text = JSON.stringify(json);
      // The JSON goes last: a reader never finds a new manifest beside an old binary.
      await files.writeAtomically([{ path: paths.weights, data: bytes }, { path: paths.json, data: text }]);
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = await findJson(files, path, kind === 'model' ? ['model.json'] : ['model.weights.json', 'model.json']);
      const json = await readJson(files, jsonPath);
      const weights = await readWeightFiles(files, jsonPath, json);
      return {
        ...(json.modelTopology !== undefined && json.modelTopology !== null ? { modelTopology: json.modelTopology } : {}),
        ...(json.trainingConfig !== undefined && json.trainingConfig !== null ? { trainingConfig: json.trainingConfig as unknown as tf.io.TrainingConfig } : {}),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
        weightData: weights.buffer as ArrayBuffer,
      };
    },
  };
}

/** The parts one after another in a new array. */
export function concatenate(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const joined = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.byteLength;
  }
  return joined;
}
