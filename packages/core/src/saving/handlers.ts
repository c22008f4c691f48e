import * as tf from '@tensorflow/tfjs-core';
import { platform } from '#platform';
import { KerasError, ValueError } from '../errors/errors.js';
import { PlatformError } from '../platform/platform.js';
import { type FetchOptions, httpLoadHandler } from './http-handler.js';
import type { KerasBytes } from './keras-targets.js';
import { type SavedKind, fileHandler } from './model-files.js';
import { checkArtifacts } from './schema/manifest-schema.js';
import { type WeightSpec, specByteLength } from './weights-codec.js';

/**
 * Where `model.save` / `model.saveWeights` write: a URL-like string routed by scheme
 * (`indexeddb://name`, `localstorage://name`, `downloads://name`, `http(s)://…` (POST), any
 * scheme registered with `tf.io.registerSaveRouter`), a file path or `file://` URL (Node), or a
 * tfjs `IOHandler` with a `save` method (e.g. `tf.io.withSaveHandler(async (artifacts) => …)`).
 */
export type SaveTarget = string | tf.io.IOHandler;

/**
 * What `loadModel` / `model.loadWeights` read: an `http(s)://…/model.json` URL, `indexeddb://name`,
 * `localstorage://name` (or any scheme registered with `tf.io.registerLoadRouter`), a file path
 * or `file://` URL (Node; in a browser a plain path is fetched relative to the page), a tfjs
 * `IOHandler` with a `load` method (e.g. `tf.io.fromMemory(artifacts)`, `tf.io.browserFiles(…)`),
 * or the artifacts themselves (`{ modelTopology, weightSpecs, weightData, … }`); a Keras 3 file
 * (`.keras` for `loadModel`, `.weights.h5` for `loadWeights`) also as a `File`, `Blob`,
 * `ArrayBuffer` or `Uint8Array`.
 */
export type LoadSource = string | tf.io.IOHandler | tf.io.ModelArtifacts | KerasBytes;

/** Saved artifacts, decoded far enough for restoring: weight bytes joined into one array. */
export interface LoadedArtifacts {
  artifacts: tf.io.ModelArtifacts;
  specs: WeightSpec[];
  data: Uint8Array;
  /** How error messages name the source (`'dir/model.json'`, `'indexeddb://name'`, …). */
  source: string;
}

const SCHEME = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//;
const BROWSER_SCHEMES = ['indexeddb', 'localstorage', 'downloads'];

function schemeOf(target: string): string | undefined {
  return SCHEME.exec(target)?.[1]?.toLowerCase();
}

function hasMethod(value: unknown, name: 'save' | 'load'): boolean {
  return typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>)[name] === 'function';
}

function isArtifacts(value: unknown): value is tf.io.ModelArtifacts {
  return typeof value === 'object' && value !== null && ('modelTopology' in value || 'weightSpecs' in value || 'weightData' in value);
}

function files(action: string, target: string) {
  if (platform.files === undefined) {
    throw new PlatformError(
      `${action} the file path '${target}' needs Node (this platform has no file system). In a browser use 'indexeddb://name', 'localstorage://name' or 'downloads://name' (save), an http(s):// URL (load), or in-memory artifacts: tf.io.withSaveHandler(…) / tf.io.fromMemory(…).`,
    );
  }
  return platform.files;
}

function noHandler(target: string, scheme: string, direction: 'save' | 'load'): ValueError {
  const reason = BROWSER_SCHEMES.includes(scheme)
    ? `tfjs-core provides '${scheme}://' only in a browser (its IS_BROWSER flag is false here)`
    : `no handler is registered for '${scheme}://'`;
  const downloads =
    scheme === 'downloads' && direction === 'load'
      ? " 'downloads://' can only save; to load files a user picked, pass tf.io.browserFiles([jsonFile, weightsFile])."
      : '';
  return new ValueError(
    `Cannot ${direction} '${target}': ${reason}.${downloads} Supported: file paths and file:// (Node), indexeddb://, localstorage://, downloads:// (save, browser), http(s):// , a tf.io IOHandler, or register one with tf.io.register${direction === 'save' ? 'Save' : 'Load'}Router.`,
  );
}

function onlyHandler(handlers: tf.io.IOHandler[], target: string, scheme: string, direction: 'save' | 'load'): tf.io.IOHandler {
  if (handlers.length === 0) throw noHandler(target, scheme, direction);
  if (handlers.length > 1)
    throw new ValueError(`More than one ${direction} handler is registered for '${target}' (${handlers.length}); register only one router per scheme.`);
  return handlers[0]!;
}

/** The handler `model.save` / `saveWeights` writes through, and how messages name it. */
export function saveHandlerFor(target: SaveTarget, kind: SavedKind): { handler: tf.io.IOHandler; source: string } {
  if (typeof target !== 'string') {
    if (!hasMethod(target, 'save')) {
      throw new ValueError(
        'save() expects a path, a URL-like string (indexeddb://, localstorage://, downloads://, http(s)://) or a tf.io IOHandler with a save method, e.g. tf.io.withSaveHandler(async (artifacts) => …).',
      );
    }
    return { handler: target, source: 'the IOHandler passed to save()' };
  }
  if (target.length === 0) throw new ValueError('save() got an empty path; pass a directory, a .json file, or a URL-like string such as indexeddb://my-model.');
  const scheme = schemeOf(target);
  if (scheme === undefined || scheme === 'file') return { handler: fileHandler(files('Saving to', target), target, kind), source: `'${target}'` };
  return { handler: onlyHandler(tf.io.getSaveHandlers(target), target, scheme, 'save'), source: `'${target}'` };
}

function loadHandlerFor(source: LoadSource, options: FetchOptions, kind: SavedKind): { handler: tf.io.IOHandler; source: string } {
  if (typeof source !== 'string') {
    if (hasMethod(source, 'load')) return { handler: source as tf.io.IOHandler, source: 'the IOHandler passed in' };
    if (isArtifacts(source)) return { handler: tf.io.fromMemory(source), source: 'the model artifacts passed in' };
    throw new ValueError(
      'Expected a path, a URL (http(s)://, indexeddb://, localstorage://), a tf.io IOHandler with a load method, or model artifacts ({ modelTopology, weightSpecs, weightData }).',
    );
  }
  if (source.length === 0) throw new ValueError('Got an empty path; pass the directory given to save(), its model.json, or a URL.');
  const scheme = schemeOf(source);
  const named = `'${source}'`;
  if (scheme === 'http' || scheme === 'https') return { handler: httpLoadHandler(source, options), source: named };
  if (scheme === undefined || scheme === 'file') {
    // As in tfjs, a plain path in a browser is a URL relative to the page.
    if (scheme === undefined && platform.files === undefined) return { handler: httpLoadHandler(source, options), source: named };
    return { handler: fileHandler(files('Loading from', source), source, kind), source: named };
  }
  return { handler: onlyHandler(tf.io.getLoadHandlers(source, options), source, scheme, 'load'), source: named };
}

/**
 * Loads saved artifacts from `source` and checks their shape (a layers model: JSON topology,
 * weight specs and weight data). Nothing is created on the backend. Errors of the handler
 * (network, storage) become a ValueError naming the source.
 */
export async function loadArtifacts(source: LoadSource, options: FetchOptions, kind: SavedKind): Promise<LoadedArtifacts> {
  const { handler, source: named } = loadHandlerFor(source, options, kind);
  let artifacts: tf.io.ModelArtifacts;
  try {
    artifacts = await handler.load!();
  } catch (error) {
    if (error instanceof KerasError) throw error;
    throw new ValueError(`Cannot load from ${named}: ${(error as Error).message}`);
  }
  if (artifacts === null || typeof artifacts !== 'object') throw new ValueError(`Loading from ${named} returned no model artifacts.`);
  if (artifacts.modelTopology instanceof ArrayBuffer) {
    throw new ValueError(`${named} holds a graph model (binary topology); keras-ts loads layers models (saved by model.save or tfjs-layers).`);
  }
  if (artifacts.weightData === undefined && artifacts.getWeightStream !== undefined) {
    throw new ValueError(`${named} streams its weights; keras-ts needs them in memory (do not set streamWeights).`);
  }
  const { specs, data } = checkArtifacts({ source: named }, artifacts, specByteLength);
  return { artifacts, specs, data, source: named };
}

/** Saves `artifacts` through `target`'s handler; a failed save throws a KerasError naming the target. */
export async function saveArtifacts(target: SaveTarget, artifacts: tf.io.ModelArtifacts, kind: SavedKind): Promise<tf.io.SaveResult> {
  const { handler, source } = saveHandlerFor(target, kind);
  let result: tf.io.SaveResult;
  try {
    result = await handler.save!(artifacts);
  } catch (error) {
    if (error instanceof KerasError) throw error;
    throw new ValueError(`Cannot save to ${source}: ${(error as Error).message}`);
  }
  if (result?.errors !== undefined && result.errors.length > 0) {
    throw new ValueError(`Saving to ${source} failed: ${result.errors.map((error) => (typeof error === 'string' ? error : JSON.stringify(error))).join('; ')}`);
  }
  return result;
}
