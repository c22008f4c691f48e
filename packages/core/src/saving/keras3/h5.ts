import { platform } from '#platform';
import { KerasError, ValueError } from '../../errors/errors.js';
import { ModelFormatError } from '../model-format-error.js';

/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly), imported on first use so that
 * core's main bundle and `fit`'s import graph never load it. Files live in h5wasm's in-memory
 * file system only while they are read or written: bytes in, bytes out, so the same code runs in
 * browsers.
 */
/** h5wasm's module object and its initialised runtime. */
interface Hdf5Library {
  h5: typeof import('h5wasm').default;
  module: Awaited<typeof import('h5wasm').default['ready']>;
}

let loading: Promise<Hdf5Library> | undefined;

/** h5wasm, loaded once through the platform (Node imports it; browsers refuse for now). */
async function h5wasm(): Promise<Hdf5Library> {
  loading ??= platform.loadHdf5().then(async (namespace) => {
    // The platform types the namespace `unknown` (see Platform.loadHdf5); it is h5wasm's.
    const { default: h5 } = namespace as typeof import('h5wasm');
    return { h5, module: await h5.ready };
  });
  return loading;
}

let counter = 0;
function scratchName(): string {
  counter += 1;
  return `/keras-ts-${Date.now().toString(36)}-${counter}.h5`;
}

/** A dataset of an HDF5 file, described before its values are read. */
export interface H5DatasetInfo {
  /** Path from the root, without a leading slash (`layers/dense/vars/0`). */
  path: string;
  shape: number[];
  /** h5wasm's dtype string (`<f` float32, `<d` float64, `<i` int32, …). */
  dtype: string;
  /** Bytes per element. */
  itemSize: number;
}

/** What h5 readers may do with an open file: list the datasets, then read those they checked. */
export interface H5Reader {
  datasets: H5DatasetInfo[];
  /** Groups, without a leading slash (`layers/dense`, `layers/dense/vars`). */
  groups: string[];
  /** A dataset's values as float32, checked against its shape. */
  readFloat32(info: H5DatasetInfo): Float32Array;
  /**
   * A string or string-list attribute of the root (`''`), a group or a dataset (Keras 2's
   * `model_config`, `weight_names`); undefined when absent, a ModelFormatError when of another type.
   * The file is bounded (2 GiB), so its attributes are too.
   */
  stringAttribute(path: string, name: string): string | string[] | undefined;
}

// int32: Keras's optimizer `iteration` counter.
const SUPPORTED_DTYPES: Record<string, string> = { '<f': 'float32', '<d': 'float64', '<i': 'int32' };
/** Groups nested deeper than this are refused (real Keras files nest 6–8 levels). */
const MAX_DEPTH = 64;
/** At most this many groups and datasets in one file (a model of 10k layers has ~30k). */
const MAX_OBJECTS = 200_000;

/**
 * Opens `bytes` as an HDF5 file, lists its groups and datasets (iteratively, bounded in depth
 * and count), passes them to `use`, and closes and deletes the file whatever happens. Only
 * datasets `use` asks for are read, so a dataset whose declared shape is absurd is never
 * allocated.
 */
export async function withH5File<T>(bytes: Uint8Array, source: string, use: (file: H5Reader) => T): Promise<T> {
  const { h5, module } = await h5wasm();
  const name = scratchName();
  module.FS.writeFile(name, bytes);
  let file: InstanceType<Hdf5Library['h5']['File']> | undefined;
  try {
    try {
      file = new h5.File(name, 'r');
    } catch (error) {
      throw new ModelFormatError(source, '', `is not a readable HDF5 file (${(error as Error).message})`);
    }
    const datasets: H5DatasetInfo[] = [];
    const groups: string[] = [];
    const pending: { path: string; depth: number }[] = [{ path: '', depth: 0 }];
    const opened = file;
    while (pending.length > 0) {
      const { path, depth } = pending.pop()!;
      const group = path === '' ? opened : opened.get(path);
      if (!(group instanceof h5.Group)) continue;
      if (depth > MAX_DEPTH) throw new ModelFormatError(source, path, `nests groups deeper than ${MAX_DEPTH} levels`);
      for (const key of group.keys()) {
        const child = path === '' ? key : `${path}/${key}`;
        if (groups.length + datasets.length >= MAX_OBJECTS) throw new ModelFormatError(source, child, `the file holds more than ${MAX_OBJECTS} objects`);
        const entity = opened.get(child);
        if (entity instanceof h5.Dataset) {
          const metadata = entity.metadata;
          datasets.push({ path: child, shape: [...(metadata.shape ?? [])], dtype: entity.dtype as string, itemSize: metadata.size });
        } else if (entity instanceof h5.Group) {
          groups.push(child);
          pending.push({ path: child, depth: depth + 1 });
        }
      }
    }
    datasets.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const readFloat32 = (info: H5DatasetInfo): Float32Array => {
      if (SUPPORTED_DTYPES[info.dtype] === undefined) {
        throw new ModelFormatError(source, info.path, `has dtype '${info.dtype}'; keras-ts reads float32, float64 and int32 values`);
      }
      const dataset = opened.get(info.path);
      if (!(dataset instanceof h5.Dataset)) throw new ModelFormatError(source, info.path, 'is not a dataset');
      const value = dataset.value;
      // h5wasm reads a scalar dataset (shape []) as a plain number.
      const values = typeof value === 'number' && info.shape.length === 0 ? Float64Array.of(value) : value;
      const count = info.shape.reduce((size, dimension) => size * dimension, 1);
      if (!(values instanceof Float32Array || values instanceof Float64Array || values instanceof Int32Array) || values.length !== count) {
        throw new ModelFormatError(source, info.path, `holds ${describe(values)}, not the ${count} values of shape [${info.shape.join(', ')}]`);
      }
      return values instanceof Float32Array ? values : Float32Array.from(values);
    };
    const stringAttribute = (path: string, name: string): string | string[] | undefined => {
      const entity = path === '' ? opened : opened.get(path);
      if (!(entity instanceof h5.Group || entity instanceof h5.Dataset)) return undefined;
      const attribute = entity.attrs[name];
      if (attribute === undefined) return undefined;
      const value = attribute.json_value;
      if (typeof value === 'string') return value;
      // Keras writes an empty list of names as an empty float64 array.
      if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
      throw new ModelFormatError(source, `${path}@${name}`, `expected a string or a list of strings, got ${JSON.stringify(value)?.slice(0, 80)}`);
    };
    return use({ datasets, groups, readFloat32, stringAttribute });
  } catch (error) {
    // h5wasm reports a damaged file as a plain Error from whichever call first meets the damage.
    if (error instanceof KerasError) throw error;
    throw new ModelFormatError(source, '', `is corrupt or truncated: HDF5 failed with '${(error as Error).message}'`, { cause: error });
  } finally {
    file?.close();
    module.FS.unlink(name);
  }
}

function describe(values: unknown): string {
  if (ArrayBuffer.isView(values)) return `${(values as unknown as ArrayLike<number>).length} values of type ${values.constructor.name}`;
  return typeof values;
}

/** What {@link writeH5} writes: groups (created even when empty, as Keras does) and float32 datasets. */
export interface H5Contents {
  groups: string[];
  /** float32 datasets, or int32 ones when `data` is an Int32Array (Keras's optimizer `iteration`). */
  datasets: { path: string; shape: number[]; data: Float32Array | Int32Array }[];
  /** A `name` string attribute for groups, by path (Keras names each `vars` group after its layer). */
  names?: Map<string, string>;
  /** String and string-list attributes of groups (`''` is the root): the legacy layout's `layer_names`, `weight_names`. */
  attributes?: { path: string; name: string; value: string | string[] }[];
}

/** Writes an HDF5 file in memory and returns its bytes. */
export async function writeH5(contents: H5Contents): Promise<Uint8Array> {
  const { h5, module } = await h5wasm();
  const name = scratchName();
  const file = new h5.File(name, 'w');
  let open = true;
  try {
    const created = new Set<string>(['']);
    const ensure = (path: string) => {
      if (path === '') return;
      const parts = path.split('/');
      for (let index = 1; index <= parts.length; index++) {
        const prefix = parts.slice(0, index).join('/');
        if (!created.has(prefix)) {
          file.create_group(prefix);
          created.add(prefix);
        }
      }
    };
    for (const group of contents.groups) ensure(group);
    for (const [path, value] of contents.names ?? []) {
      const group = file.get(path);
      if (group instanceof h5.Group) group.create_attribute('name', value);
    }
    for (const { path, name: attribute, value } of contents.attributes ?? []) {
      ensure(path);
      const group = path === '' ? file : file.get(path);
      if (group instanceof h5.Group) group.create_attribute(attribute, value);
    }
    for (const { path, shape, data } of contents.datasets) {
      const slash = path.lastIndexOf('/');
      if (slash <= 0) throw new ValueError(`Cannot write the HDF5 dataset '${path}' at the root.`);
      ensure(path.slice(0, slash));
      // h5wasm refuses a scalar shape given as []; Keras writes scalars as shape () too.
      file.create_dataset({ name: path, data, shape, dtype: data instanceof Int32Array ? '<i' : '<f' });
    }
    open = false;
    file.close();
    return module.FS.readFile(name);
  } finally {
    if (open) file.close();
    module.FS.unlink(name);
  }
}
