import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ValueError } from '../errors/errors.js';
import type { JsonValue } from './keras-json.js';
import type { WeightSpec } from './weights-codec.js';

/** The JSON file of a saved model or of saved weights (tfjs-layers' `model.json` layout). */
export interface ModelJson {
  /** 'layers-model' for `save`, 'layers-weights' for `saveWeights`. */
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  /** `{ class_name, config, keras_version, backend }` (absent in weights-only files). */
  modelTopology?: { class_name: string; config: JsonValue; keras_version?: string; backend?: string } | null;
  /** Keras training config (loss, metrics, optimizer_config), when the model was compiled. */
  trainingConfig?: Record<string, JsonValue> | null;
  /** Groups of binary files and the tensors they hold, in order. */
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

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
 * holds `<defaultJson>` and its binary.
 */
export function modelFilePaths(path: string, defaultJson: 'model.json' | 'model.weights.json'): ModelFilePaths {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ValueError(`Expected a path (a directory, or a file ending in .json), got ${JSON.stringify(path)}.`);
  }
  const plain = stripScheme(path);
  if (plain.endsWith('.json')) {
    const name = basename(plain);
    const binary = name === 'model.json' ? 'weights.bin' : `${name.slice(0, -'.json'.length)}.bin`;
    return { json: plain, weights: join(dirname(plain), binary) };
  }
  const binary = defaultJson === 'model.json' ? 'weights.bin' : 'model.weights.bin';
  return { json: join(plain, defaultJson), weights: join(plain, binary) };
}

/**
 * Writes the JSON and the binary atomically: both go to temporary files in the target directory
 * first and are renamed into place only when both are written, so an interrupted save never
 * leaves a half-written file under the final names.
 */
export async function writeModelFiles(paths: ModelFilePaths, json: ModelJson, weights: Uint8Array): Promise<void> {
  await mkdir(dirname(paths.json), { recursive: true });
  const suffix = `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const temporary = { json: `${paths.json}${suffix}`, weights: `${paths.weights}${suffix}` };
  try {
    await writeFile(temporary.weights, weights);
    await writeFile(temporary.json, JSON.stringify(json));
    await rename(temporary.weights, paths.weights);
    await rename(temporary.json, paths.json);
  } catch (error) {
    await rm(temporary.weights, { force: true });
    await rm(temporary.json, { force: true });
    throw error;
  }
}

/** Finds the JSON file for `path`: the file itself, or the first of `candidates` in the directory. */
async function findJson(path: string, candidates: string[]): Promise<string> {
  const plain = stripScheme(path);
  if (plain.endsWith('.json')) return plain;
  const info = await stat(plain).catch(() => undefined);
  if (info === undefined) throw new ValueError(`No saved model at '${plain}': the path does not exist.`);
  if (!info.isDirectory()) throw new ValueError(`'${plain}' is neither a directory nor a .json file; pass the directory given to save() or its model.json.`);
  for (const name of candidates) {
    const candidate = join(plain, name);
    if (await stat(candidate).then((s) => s.isFile(), () => false)) return candidate;
  }
  throw new ValueError(`The directory '${plain}' holds none of ${candidates.join(', ')}; pass the directory given to save() or saveWeights().`);
}

/** Reads and checks a saved JSON file and concatenates the binary files its manifest lists. */
export async function readModelFiles(path: string, candidates: string[]): Promise<{ json: ModelJson; weights: Uint8Array; source: string }> {
  const jsonPath = await findJson(path, candidates);
  const text = await readFile(jsonPath, 'utf8').catch((error: Error) => {
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
  const parts: Uint8Array[] = [];
  for (const group of json.weightsManifest) {
    if (!Array.isArray(group?.paths) || !Array.isArray(group.weights)) {
      throw new ValueError(`'${jsonPath}' has a weightsManifest group without \`paths\` and \`weights\` lists; the file is corrupt.`);
    }
    for (const relative of group.paths) {
      const file = join(dirname(jsonPath), relative);
      parts.push(await readFile(file).catch((error: Error) => {
        throw new ValueError(`Cannot read the weights file '${file}' listed in '${jsonPath}': ${error.message}.`);
      }));
    }
  }
  const total = parts.reduce((sum, part) => sum + part.byteLength, 0);
  const weights = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    weights.set(part, offset);
    offset += part.byteLength;
  }
  return { json, weights, source: `'${jsonPath}'` };
}
