import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import type { ContainedFile, FileSystem } from '../platform/platform.js';
import type { JsonValue } from './keras-json.js';
import { ModelFormatError } from './model-format-error.js';
import { checkNesting, requireObject } from './schema/json-checks.js';
import { checkHeader, checkWeightsManifest } from './schema/manifest-schema.js';
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
  /** tfjs's free-form metadata; BackupAndRestore keeps its epoch here, so it commits with the weights. */
  userDefinedMetadata?: Record<string, JsonValue>;
}

/** Which files a directory holds: `save` writes `model.json`, `saveWeights` `model.weights.json`. */
export type SavedKind = 'model' | 'weights';

/** Where the JSON and binary files of a save go. */
export interface ModelFilePaths {
  /** The JSON file (`model.json`); renaming it into place commits a save. */
  json: string;
  /** Its folder, which holds the weight files. */
  folder: string;
  /** Weight files are named `<weightsStem>-<16 hex digits of their SHA-256>.bin`. */
  weightsStem: string;
  /** The tfjs-node name of the weights file (`weights.bin`), which earlier saves wrote. */
  legacyWeights: string;
}

/** Paths may be given as tfjs-node style URLs (`file://…`). */
function stripScheme(path: string): string {
  return path.startsWith('file://') ? path.slice('file://'.length) : path;
}

/**
 * The files for `path`: a path ending in `.json` is the JSON file itself (its weights are
 * `weights-<hash>.bin` beside a `model.json`, else `<stem>-<hash>.bin`); any other path is a
 * directory that holds `model.json` + `weights-<hash>.bin` (or `model.weights.json` +
 * `model.weights-<hash>.bin` for weights).
 */
export function modelFilePaths(files: FileSystem, path: string, kind: SavedKind): ModelFilePaths {
  const plain = stripScheme(path);
  const json = plain.endsWith('.json') ? plain : files.join(plain, kind === 'model' ? 'model.json' : 'model.weights.json');
  const name = files.basename(json);
  const weightsStem = name === 'model.json' ? 'weights' : name.slice(0, -'.json'.length);
  return { json, folder: files.dirname(json), weightsStem, legacyWeights: `${weightsStem}.bin` };
}

const CONTENT_ADDRESSED = /-([0-9a-f]{16})\.bin$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ModelFormatError(`'${jsonPath}'`, '', `is not valid JSON (${(error as Error).message}); the file is truncated or corrupt.`);
  }
  const context = { source: `'${jsonPath}'` };
  checkNesting(context, '', json);
  const object = requireObject(context, '', json, 'a model.json object { format, modelTopology, weightsManifest }');
  checkHeader(context, object);
  checkWeightsManifest(context, 'weightsManifest', object.weightsManifest);
  return object as unknown as ModelJson;
}

/**
 * Opens every weights file the manifest lists, inside the JSON file's folder, and checks each
 * group's file sizes against the bytes its weight specs describe before anything is read.
 */
async function readWeightFiles(files: FileSystem, jsonPath: string, json: ModelJson): Promise<Uint8Array> {
  const source = `'${jsonPath}'`;
  const folder = files.dirname(jsonPath);
  const opened: ContainedFile[] = [];
  const listed: { path: string; field: string }[] = [];
  try {
    let total = 0;
    for (const [groupIndex, group] of json.weightsManifest.entries()) {
      const expected = group.weights.reduce((sum, spec) => sum + specByteLength(spec), 0);
      let size = 0;
      for (const [pathIndex, path] of group.paths.entries()) {
        const file = await files.openInside(folder, path, source);
        opened.push(file);
        listed.push({ path, field: `weightsManifest[${groupIndex}].paths[${pathIndex}]` });
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
    for (const [index, file] of opened.entries()) {
      const part = await file.read();
      // The size was checked on the open handle; a file that changed since then is rejected too.
      if (part.byteLength !== file.size || offset + part.byteLength > total) {
        throw new ValueError(`A weights file listed in ${source} changed while it was read; load it again.`);
      }
      const named = CONTENT_ADDRESSED.exec(listed[index]!.path)?.[1];
      if (named !== undefined && files.digest(part).slice(0, 16) !== named) {
        throw new ModelFormatError(
          source,
          listed[index]!.field,
          `the content of '${listed[index]!.path}' does not match the checksum in its name (bit rot, or an edited file). The weights are corrupt; save the model again.`,
        );
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
 * Files the save replacing the one at `paths` makes obsolete: weight files of this JSON file's
 * naming (`<stem>-<hash>.bin`) other than `keep` (the previous save's, and those of saves that
 * crashed before their commit), and the legacy `<stem>.bin` when the previous manifest used it or
 * was written by keras-ts (which then left it behind in a crash after the commit).
 */
async function obsoleteFiles(files: FileSystem, paths: ModelFilePaths, keep: string): Promise<string[]> {
  const ownNaming = new RegExp(`^${escapeRegExp(paths.weightsStem)}-[0-9a-f]{16}\\.bin$`);
  const names = (await files.list(paths.folder)).filter((name) => name !== keep && ownNaming.test(name));
  const previous = await files
    .readText(paths.json)
    .then((text) => JSON.parse(text) as { weightsManifest?: unknown; generatedBy?: unknown })
    .catch(() => undefined);
  const manifest = Array.isArray(previous?.weightsManifest) ? (previous.weightsManifest as { paths?: unknown }[]) : [];
  const listedLegacy = manifest.some((group) => Array.isArray(group?.paths) && group.paths.includes(paths.legacyWeights));
  // A keras-ts manifest that does not list the legacy file means a crash left it after its replacement was committed.
  const keptByUs = typeof previous?.generatedBy === 'string' && previous.generatedBy.startsWith('keras-ts');
  const legacyExists = keptByUs && (await files.stat(files.join(paths.folder, paths.legacyWeights)))?.isFile === true;
  if ((listedLegacy || legacyExists) && paths.legacyWeights !== keep) names.push(paths.legacyWeights);
  return names.map((name) => files.join(paths.folder, name));
}

/**
 * The file save/load handler for a directory or a `.json` path (Node; plain paths and `file://`).
 * A save is atomic as a whole: the weights go to a new content-addressed file
 * (`weights-<hash>.bin`), written and flushed first; the JSON file is written to a temporary name
 * and renamed into place last — that rename is the commit point — and then the previous save's
 * weight files and crashed writes' leftovers are deleted. A reader (or a crash) sees the old pair
 * or the new pair, never a mix. Loading resolves every weights path inside the JSON file's folder
 * and checks content-addressed files against their hash.
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
      const weightsName = `${paths.weightsStem}-${files.digest(bytes).slice(0, 16)}.bin`;
      const json: ModelJson = {
        format: artifacts.format,
        generatedBy: artifacts.generatedBy,
        convertedBy: artifacts.convertedBy ?? null,
        ...(artifacts.modelTopology !== undefined ? { modelTopology: artifacts.modelTopology as ModelJson['modelTopology'] } : {}),
        ...(artifacts.trainingConfig !== undefined ? { trainingConfig: artifacts.trainingConfig as unknown as Record<string, JsonValue> } : {}),
        weightsManifest: [{ paths: [weightsName], weights: (artifacts.weightSpecs ?? []) as WeightSpec[] }],
        ...(artifacts.userDefinedMetadata !== undefined ? { userDefinedMetadata: artifacts.userDefinedMetadata as Record<string, JsonValue> } : {}),
      };
      await files.commitSave({
        payload: [{ path: files.join(paths.folder, weightsName), data: bytes }],
        commit: { path: paths.json, data: JSON.stringify(json) },
        obsolete: await obsoleteFiles(files, paths, weightsName),
      });
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    },
    async load(): Promise<tf.io.ModelArtifacts> {
      const jsonPath = await findJson(files, path, kind === 'model' ? ['model.json'] : ['model.weights.json', 'model.json']);
      const json = await readJson(files, jsonPath);
      const weights = await readWeightFiles(files, jsonPath, json);
      return {
        ...(json.modelTopology !== undefined && json.modelTopology !== null ? { modelTopology: json.modelTopology } : {}),
        ...(json.trainingConfig !== undefined && json.trainingConfig !== null
          ? { trainingConfig: json.trainingConfig as unknown as tf.io.TrainingConfig }
          : {}),
        format: json.format,
        generatedBy: json.generatedBy,
        convertedBy: json.convertedBy,
        weightSpecs: json.weightsManifest.flatMap((group) => group.weights) as tf.io.WeightsManifestEntry[],
        weightData: weights.buffer as ArrayBuffer,
        ...(json.userDefinedMetadata !== undefined && json.userDefinedMetadata !== null
          ? { userDefinedMetadata: json.userDefinedMetadata as { [key: string]: {} } }
          : {}),
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
