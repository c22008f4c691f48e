import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '@keras-ts/common';
import { type CpuFallbackOptions, type FallbackTransfer, registerCpuFallbacks } from '../fallback/register.js';
import { type BackendStatus, backendStatusOf, recordBackendStatus } from './status.js';
import { quietCpuBackend } from './tfjs-node-notice.js';

/** What a backend package declares once, at import, to {@link defineBackend}. */
export interface BackendDefinition {
  /** The registry name (`'native'`); tfjs-core forbids `_` in it. */
  name: string;
  /** Registry priority; take it from {@link BACKEND_PRIORITY}. */
  priority: number;
  /**
   * Whether this package can provide the backend in this process. When `available` is false the
   * backend is not registered and `reason` is what `setBackend(name)` reports. Default: available.
   */
  status?: BackendStatus;
  /**
   * Creates the backend; tfjs-core calls it the first time the backend is selected. When it throws
   * (or its promise rejects) the error's message becomes the backend's status reason.
   */
  create: () => tf.KernelBackend | Promise<tf.KernelBackend>;
  /** The kernels this package implements; each replaces an earlier registration of its name. */
  kernels: readonly tf.KernelConfig[];
  /**
   * Counted cpu fallbacks for every cpu kernel the backend lacks (see `registerCpuFallbacks`):
   * the transfer mode, options, or `false` for none.
   */
  fallback: FallbackTransfer | CpuFallbackOptions | false;
}

/** What {@link defineBackend} did, and the backend's live status. */
export interface DefinedBackend {
  /** The registry name. */
  readonly name: string;
  /** The registry priority. */
  readonly priority: number;
  /** Names of the kernels the package implements (empty when the backend is unavailable). */
  readonly kernels: readonly string[];
  /** Names of the kernels registered as counted cpu fallbacks (empty when unavailable). */
  readonly fallbacks: readonly string[];
  /** The backend's current status, including a failure of its factory after registration. */
  status(): BackendStatus;
}

type Factory = () => tf.KernelBackend | Promise<tf.KernelBackend>;

// Factories registered by defineBackend, across copies of this package, so that a backend module
// evaluated twice in one process (from src and from dist, or two installed copies) is registered
// once and a foreign registration of the same name (stock tfjs-backend-wasm's) is replaced.
const FACTORIES_KEY = Symbol.for('keras-ts.definedBackendFactories');
function definedFactories(): Map<string, Factory> {
  const holder = globalThis as unknown as Record<symbol, Map<string, Factory> | undefined>;
  let map = holder[FACTORIES_KEY];
  if (map === undefined) {
    map = new Map();
    holder[FACTORIES_KEY] = map;
  }
  return map;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/** Wraps `create` so that a failure is recorded as the backend's reason (and still thrown to tfjs). */
function recordingFactory(name: string, create: Factory): Factory {
  const failed = (error: unknown): never => {
    recordBackendStatus(name, { available: false, reason: messageOf(error), failedAt: 'initialisation' });
    throw error;
  };
  const succeeded = (backend: tf.KernelBackend): tf.KernelBackend => {
    if (backendStatusOf(name)?.available !== true) recordBackendStatus(name, { available: true });
    return backend;
  };
  return () => {
    let created: tf.KernelBackend | Promise<tf.KernelBackend>;
    try {
      created = create();
    } catch (error) {
      return failed(error);
    }
    return isPromise(created) ? created.then(succeeded, failed) : succeeded(created);
  };
}

function fallbackOptions(fallback: BackendDefinition['fallback']): CpuFallbackOptions | undefined {
  if (fallback === false) return undefined;
  return typeof fallback === 'string' ? { transfer: fallback } : fallback;
}

/**
 * Defines a keras-ts backend: the one way backend packages plug into tfjs-core.
 *
 * When `status.available` is false it registers nothing and records the reason, which
 * `setBackend(name)` in `@keras-ts/core` reports. Otherwise it registers the backend's factory
 * with tfjs-core under `name` and `priority` (replacing a registration of the same name made by
 * someone else, such as stock tfjs-backend-wasm's; keeping one made by another copy of the same
 * definition), registers `kernels` and then counted cpu fallbacks for the kernels still missing.
 * A factory that fails when tfjs-core first creates the backend marks it unavailable with the
 * error's message. It also quiets tfjs's "install tfjs-node" banner on the cpu backend
 * ({@link quietCpuBackend}).
 *
 * @example
 * ```ts
 * export const backendName = 'native';
 * const defined = defineBackend({
 *   name: backendName, priority: BACKEND_PRIORITY.native, status: loaderStatus,
 *   create: () => new NativeBackend(), kernels: nativeKernelConfigs(), fallback: 'shared',
 * });
 * export const backendStatus = (): BackendStatus => defined.status();
 * ```
 */
export function defineBackend(definition: BackendDefinition): DefinedBackend {
  const { name, priority } = definition;
  quietCpuBackend();
  if (name.includes('_'))
    throw new ValueError(
      `defineBackend: backend name '${name}' contains '_', which tfjs-core forbids in backend names; rename it without '_' (e.g. '${name.replaceAll('_', '')}').`,
    );
  const foreign = definition.kernels.find((config) => config.backendName !== name);
  if (foreign !== undefined) {
    throw new ValueError(
      `defineBackend('${name}'): kernel '${foreign.kernelName}' is declared for backend '${foreign.backendName}'; every kernel config must name '${name}'.`,
    );
  }
  const status = (): BackendStatus => backendStatusOf(name) ?? { available: false, reason: `'${name}' is not defined in this process` };
  const initial = definition.status ?? { available: true };
  if (!initial.available) {
    recordBackendStatus(name, { available: false, reason: initial.reason ?? 'unavailable (no reason given)', failedAt: 'registration' });
    return { name, priority, kernels: [], fallbacks: [], status };
  }
  recordBackendStatus(name, { available: true });
  const kernels = definition.kernels.map((config) => config.kernelName);
  const factories = definedFactories();
  const existing = tf.findBackendFactory(name);
  if (existing !== null && existing === factories.get(name)) {
    // Another copy of this definition registered already; its kernels are in place.
    return { name, priority, kernels, fallbacks: [], status };
  }
  if (existing !== null) tf.removeBackend(name);
  const factory = recordingFactory(name, definition.create);
  factories.set(name, factory);
  tf.registerBackend(name, factory, priority);
  for (const config of definition.kernels) {
    if (tf.getKernel(config.kernelName, name) !== undefined) tf.unregisterKernel(config.kernelName, name);
    tf.registerKernel(config);
  }
  const options = fallbackOptions(definition.fallback);
  const fallbacks = options === undefined ? [] : registerCpuFallbacks(name, options);
  return { name, priority, kernels, fallbacks, status };
}
