import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';

/** Options for loading over HTTP(S); passed through to tfjs-core's `tf.io.http`. */
export interface FetchOptions {
  /** Options of every request (headers, credentials, …), as for `fetch`. Must not have a body. */
  requestInit?: RequestInit;
  /** The `fetch` to use instead of the global one (e.g. to add authentication). */
  fetchFunc?: typeof fetch;
  /** Called with the fraction (0–1) of the weights fetched so far. */
  onProgress?: (fraction: number) => void;
  /**
   * Prefix of the weight file URLs instead of the folder of `model.json` (the manifest's paths
   * are appended to it as they are).
   */
  weightPathPrefix?: string;
  /**
   * Fetch weight files from other origins than the one of `model.json`. By default a manifest
   * that names a weight file on another origin is refused, so a model file cannot make the page
   * (and its credentials) request arbitrary hosts. Default: false.
   */
  allowCrossOriginWeights?: boolean;
}

/** The page's address, against which relative URLs resolve in a browser. */
function baseUrl(): string | undefined {
  return (globalThis as { location?: { href?: string } }).location?.href;
}

/** `url` made absolute (relative URLs resolve against the page in a browser). */
export function absoluteUrl(url: string): URL {
  try {
    return new URL(url, baseUrl());
  } catch {
    throw new ValueError(`'${url}' is not a valid URL for loadModel; pass an http(s):// URL of a model.json.`);
  }
}

/**
 * tfjs-core's HTTP load handler for `url` (a model.json), with every weight URL resolved against
 * it and checked to have the same origin unless `allowCrossOriginWeights` is set.
 */
export function httpLoadHandler(url: string, options: FetchOptions = {}): tf.io.IOHandler {
  const modelUrl = absoluteUrl(url);
  const query = modelUrl.search;
  return tf.io.http(modelUrl.href, {
    ...(options.requestInit !== undefined ? { requestInit: options.requestInit } : {}),
    ...(options.fetchFunc !== undefined ? { fetchFunc: options.fetchFunc } : {}),
    ...(options.onProgress !== undefined ? { onProgress: options.onProgress } : {}),
    weightUrlConverter: async (path: string) => {
      // Like tfjs, the model URL's query (e.g. a signed-URL token) goes on each weight URL.
      const relative = path.includes('?') ? path : `${path}${query}`;
      let weightUrl: URL;
      try {
        weightUrl = options.weightPathPrefix !== undefined ? new URL(`${options.weightPathPrefix}${relative}`, modelUrl) : new URL(relative, modelUrl);
      } catch {
        throw new ValueError(`The weights path '${path}' listed in '${modelUrl.href}' is not a valid URL; the model file is corrupt.`);
      }
      if (options.allowCrossOriginWeights !== true && weightUrl.origin !== modelUrl.origin) {
        throw new ValueError(
          `The weights path '${path}' listed in '${modelUrl.href}' points to another origin (${weightUrl.origin}); weights are fetched only from the origin of model.json (${modelUrl.origin}). If you trust it, pass { allowCrossOriginWeights: true }.`,
        );
      }
      return weightUrl.href;
    },
  });
}
