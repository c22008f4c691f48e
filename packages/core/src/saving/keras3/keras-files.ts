import { platform } from '#platform';
import { ValueError } from '../../errors/errors.js';
import type { Model } from '../../models/model.js';
import { requireFiles } from '../../platform/platform.js';
import type { SaveableModel } from '../saveable.js';

/**
 * Keras's own file kinds, recognised by extension as Keras names them: `.weights.h5` (Keras 3
 * weights), `.keras` (Keras 3 model archive), `.h5` / `.hdf5` (Keras 2 full-model HDF5 files).
 */
export type KerasFileKind = 'weights.h5' | 'keras' | 'keras2.h5';

export function kerasFileKind(target: unknown): KerasFileKind | undefined {
  if (typeof target !== 'string' || /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(target)) return undefined;
  const lower = target.toLowerCase();
  if (lower.endsWith('.weights.h5')) return 'weights.h5';
  if (lower.endsWith('.keras')) return 'keras';
  if (lower.endsWith('.h5') || lower.endsWith('.hdf5')) return 'keras2.h5';
  return undefined;
}

/** h5wasm copies a file into its WebAssembly memory, which holds at most 4 GiB; keep well inside. */
export const MAX_KERAS_FILE_BYTES = 2 ** 31 - 1;

function fileSystem(action: string, path: string) {
  return requireFiles(platform.files, `${action} the Keras file '${path}' needs Node (this platform has no file system).`);
}

/** Reads a Keras file as bytes: a regular file (no device or FIFO), its size checked before reading. */
export async function readKerasFile(path: string): Promise<Uint8Array> {
  const files = fileSystem('Reading', path);
  const file = await files.openInside(files.dirname(path), files.basename(path), `'${path}'`);
  try {
    if (file.size > MAX_KERAS_FILE_BYTES) {
      throw new ValueError(`'${path}' is ${file.size} bytes; keras-ts reads Keras files up to ${MAX_KERAS_FILE_BYTES} bytes (2 GiB).`);
    }
    return await file.read();
  } finally {
    await file.close();
  }
}

/** Writes a Keras file atomically (a temporary name, flushed, renamed over the old file). */
export async function writeKerasFile(path: string, data: Uint8Array): Promise<void> {
  await fileSystem('Writing', path).writeAtomically([{ path, data }]);
}

/** The Model behind a SaveableModel (Keras files are written from the layer graph, not the manifest). */
export function asModel(model: SaveableModel, ModelClass: typeof Model, path: string): Model {
  if (!(model instanceof ModelClass)) throw new ValueError(`Cannot use '${path}' with '${model.name}': Keras files need a keras-ts Model or Sequential.`);
  return model;
}

/** The error for Keras file kinds this version does not handle yet. */
export function unsupportedKerasFile(kind: KerasFileKind, path: string, action: 'load' | 'save'): ValueError {
  if (kind === 'keras2.h5') {
    return new ValueError(
      `Cannot ${action} '${path}': keras-ts reads Keras's legacy full-model .h5 files but does not write them (Keras 3 calls the format legacy too); model.saveWeights('x.h5') writes legacy weights. Use a Keras 3 '.keras' file or '.weights.h5' weights, or keras-ts's own format (a folder with model.json).`,
    );
  }
  return new ValueError(`Cannot ${action} '${path}' as a .${kind} file here.`);
}
