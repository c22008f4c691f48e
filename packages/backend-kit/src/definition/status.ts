/**
 * Whether a backend can run in this process, and why not when it cannot. Every keras-ts backend
 * package exports a `backendStatus()` returning this shape.
 */
export interface BackendStatus {
  /** True when the backend is registered with tfjs-core and has not failed to initialise. */
  available: boolean;
  /**
   * Why the backend is unavailable, as a sentence fragment that names the fix ("no native addon
   * could be loaded: … apt-get install libopenblas0"). Absent while available.
   */
  reason?: string;
  /**
   * When it became unavailable: `'registration'` when the package could not provide the backend
   * at import (no addon for this platform, no GPU), `'initialisation'` when its factory threw the
   * first time tfjs-core created it (the reason is then the error's message).
   */
  failedAt?: 'registration' | 'initialisation';
}

/**
 * The process-wide key under which backend statuses live on `globalThis`: a
 * `Map<string, BackendStatus>` keyed by backend name. A well-known symbol rather than module state
 * because `@keras-ts/core` and each backend package may load different copies of this package (a
 * backend installed with its own nested backend-kit) and must still see one record.
 */
export const BACKEND_STATUS_KEY: unique symbol = Symbol.for('keras-ts.backendStatus');

function statuses(): Map<string, BackendStatus> {
  const holder = globalThis as unknown as Record<symbol, Map<string, BackendStatus> | undefined>;
  let map = holder[BACKEND_STATUS_KEY];
  if (map === undefined) {
    map = new Map();
    holder[BACKEND_STATUS_KEY] = map;
  }
  return map;
}

/**
 * Records the status of backend `name` for this process, replacing any earlier record.
 * {@link defineBackend} calls it; call it directly only for a backend that is not defined with it.
 */
export function recordBackendStatus(name: string, status: BackendStatus): void {
  statuses().set(name, Object.freeze({ ...status }));
}

/** The recorded status of backend `name`, or `undefined` when no keras-ts package defined it. */
export function backendStatusOf(name: string): BackendStatus | undefined {
  return statuses().get(name);
}

/** Every recorded backend status, by backend name. */
export function backendStatuses(): Record<string, BackendStatus> {
  return Object.fromEntries(statuses());
}
