/**
 * Stops a tfjs-backend-cpu `MathBackendCPU` (or a subclass, such as the native backend) from
 * printing tfjs's "Hi, looks like you are running TensorFlow.js in Node.js … install tfjs-node"
 * banner on its first write. The banner points keras-ts users to a package that is not part of
 * keras-ts (and cannot be installed where libtensorflow cannot be downloaded); keras-ts's own
 * faster backends are named in `setBackend`'s messages and the READMEs instead. The banner is
 * guarded by the instance's `firstUse` flag, which nothing else reads; other backends are left as
 * they are.
 */
export function silenceTfjsNodeNotice(backend: object): void {
  const candidate = backend as { firstUse?: unknown };
  if (typeof candidate.firstUse === 'boolean') candidate.firstUse = false;
}
