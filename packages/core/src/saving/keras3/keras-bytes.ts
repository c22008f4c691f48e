import { ValueError } from '../../errors/errors.js';
import { Model } from '../../models/model.js';
import { PlatformError } from '../../platform/platform.js';
import { type FetchOptions, absoluteUrl } from '../http-handler.js';
import { type KerasBytes, isKerasBytes } from '../keras-targets.js';
import type { LoadModelOptions, SaveOptions, SaveableModel } from '../saveable.js';
import { loadKerasArchive, saveKerasArchive } from './keras-archive.js';
import { type KerasFileKind, MAX_KERAS_FILE_BYTES, asModel } from './keras-files.js';
import { loadKerasLegacyH5, loadWeightsOfAnyLayout } from './legacy-h5.js';
import { saveKerasWeightsH5 } from './weights-h5.js';

/**
 * Keras 3 files in memory, for browsers as for Node: `loadModel` and `loadWeights` from a `File`,
 * a `Blob`, bytes or a URL, and `save('downloads://x.keras')`. Imported lazily, like keras-io.ts.
 */

/** A Keras file's bytes and how messages name it. */
interface KerasFileBytes {
  bytes: Uint8Array;
  source: string;
}

function tooLarge(source: string, size: number): ValueError {
  return new ValueError(`${source} is ${size} bytes; keras-ts reads Keras files up to ${MAX_KERAS_FILE_BYTES} bytes (2 GiB).`);
}

async function fetchBytes(url: string, options: FetchOptions): Promise<KerasFileBytes> {
  const source = `'${url}'`;
  const fetchFunction = options.fetchFunc ?? globalThis.fetch;
  if (typeof fetchFunction !== 'function') throw new PlatformError(`Loading ${source} needs fetch, which this platform lacks; pass fetchFunc.`);
  let response: Response;
  try {
    response = await fetchFunction(absoluteUrl(url).href, options.requestInit);
  } catch (error) {
    throw new ValueError(`Cannot load from ${source}: ${(error as Error).message}`);
  }
  if (!response.ok) throw new ValueError(`Cannot load from ${source}: the server answered ${response.status} ${response.statusText}.`);
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > MAX_KERAS_FILE_BYTES) throw tooLarge(source, declared);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.byteLength > MAX_KERAS_FILE_BYTES) throw tooLarge(source, bytes.byteLength);
  return { bytes, source };
}

function isBlob(value: KerasBytes): value is Blob {
  return typeof Blob === 'function' && value instanceof Blob;
}

async function memoryBytes(value: KerasBytes): Promise<KerasFileBytes> {
  if (isBlob(value)) {
    const name = (value as Partial<File>).name;
    const source = typeof name === 'string' ? `the file '${name}'` : 'the Blob passed in';
    if (value.size > MAX_KERAS_FILE_BYTES) throw tooLarge(source, value.size);
    return { bytes: new Uint8Array(await value.arrayBuffer()), source };
  }
  const view = value instanceof ArrayBuffer ? new Uint8Array(value) : new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  return { bytes: view, source: 'the bytes passed in' };
}

/**
 * The bytes of a Keras file from memory or a URL (an http(s) URL, or in a browser a path relative
 * to the page; Node paths go through keras-io.ts).
 */
async function readBytes(source: string | KerasBytes, options: FetchOptions): Promise<KerasFileBytes> {
  return isKerasBytes(source) ? memoryBytes(source) : fetchBytes(source, options);
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** What the bytes are, by their signature: a `.keras` archive (zip) or an HDF5 file (`.weights.h5`, Keras 2 `.h5`). */
function signatureKind(bytes: Uint8Array): 'zip' | 'hdf5' | undefined {
  const starts = (signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(ZIP_SIGNATURE)) return 'zip';
  if (starts(HDF5_SIGNATURE)) return 'hdf5';
  return undefined;
}

/** `loadModel(source)` for a `.keras` file in memory or at a URL. */
export async function loadKerasModelFrom(source: string | KerasBytes, options: LoadModelOptions): Promise<Model> {
  const { bytes, source: named } = await readBytes(source, options);
  const kind = signatureKind(bytes);
  // An HDF5 file is a legacy full-model .h5, or weights only (refused there, saying so).
  if (kind === 'hdf5') return loadKerasLegacyH5(bytes, named, { compile: options.compile });
  if (kind !== 'zip') throw new ValueError(`${named} is not a Keras 3 .keras file (a zip archive): its first bytes are not a zip signature.`);
  return loadKerasArchive(bytes, named, { compile: options.compile });
}

/** `model.loadWeights(source)` for a `.weights.h5` file in memory or at a URL. */
export async function loadKerasWeightsFrom(model: SaveableModel, source: string | KerasBytes, options: FetchOptions): Promise<void> {
  const { bytes, source: named } = await readBytes(source, options);
  if (signatureKind(bytes) !== 'hdf5') {
    throw new ValueError(
      `${named} is not a Keras .weights.h5 file (HDF5)${signatureKind(bytes) === 'zip' ? ': it is a zip archive, such as a .keras file, which loadModel() reads' : ''}.`,
    );
  }
  await loadWeightsOfAnyLayout(asModel(model, Model, named), bytes, named);
}

/**
 * `model.save('downloads://name.keras')` and `model.saveWeights('downloads://name.weights.h5')`:
 * the file is made in memory and handed to the browser as a download, as tfjs's downloads://
 * does for its own format.
 */
export async function downloadKerasFile(model: SaveableModel, target: string, kind: KerasFileKind, options: SaveOptions = {}) {
  const document = (globalThis as { document?: Document }).document;
  if (document === undefined || typeof URL.createObjectURL !== 'function') {
    throw new PlatformError(`Saving to '${target}' needs a browser page (downloads:// hands the file to the browser). In Node, save to a path.`);
  }
  const name = target.slice('downloads://'.length);
  const keras = asModel(model, Model, target);
  const bytes = kind === 'keras' ? await saveKerasArchive(keras, options) : await saveKerasWeightsH5(keras);
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }));
  const link = document.createElement('a');
  link.download = name;
  link.href = url;
  link.dispatchEvent(new MouseEvent('click'));
  // Revoked after the click's task, once the browser has started the download.
  setTimeout(() => URL.revokeObjectURL(url), 0);
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' as const, weightDataBytes: bytes.byteLength } };
}
