/**
 * Registry priorities of the keras-ts backends: the one policy every backend package applies.
 *
 * tfjs-core initialises the registered backend with the highest priority when nothing called
 * `setBackend`, trying the next one if it fails. tfjs's own backends use cpu 1, webgl and stock
 * wasm 2, webgpu and tfjs-node 3. A keras-ts backend ranks above all of them, so importing its
 * package makes it the default wherever it can run, and when several are imported the fastest
 * available one wins: cuda (GPU) > native (C++ / OpenBLAS) > wasm (runs anywhere). A backend that
 * cannot run here is not registered at all, so the next one takes over.
 */
export const BACKEND_PRIORITY = Object.freeze({
  /** `@keras-ts/backend-cuda`: NVIDIA GPU. */
  cuda: 5,
  /** `@keras-ts/backend-native`: C++ kernels, OpenBLAS products. */
  native: 4,
  /** `@keras-ts/backend-wasm`: tfjs-backend-wasm completed for training; Node and browsers. */
  wasm: 3,
});
