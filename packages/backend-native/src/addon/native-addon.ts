/** Element storage the addon reads and writes in place (tfjs-backend-cpu's host arrays). */
export type HostArray = Float32Array | Int32Array | Uint8Array;

/**
 * The functions the compiled addon (`native/*.cc`) exports. Every function works in place on
 * arrays the caller allocated; shapes and strides are plain integer arrays.
 */
export interface NativeAddon {
  /** Names of the unary ops, in op-code order. */
  unaryOps: string[];
  /** Names of the binary ops, in op-code order. */
  binaryOps: string[];
  /** Names of the reductions, in op-code order. */
  reduceOps: string[];
  batchMatMul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    aOffsets: number[],
    bOffsets: number[],
  ): void;
  setThreads(threads: number): void;
  getThreads(): number;
  blasConfig(): string;
  blasCore(): string;
  /** How many loops the addon has split over its helper threads so far (`parallelFor`, native/parallel.cc). */
  parallelJobs(): number;
  unary(op: number, x: HostArray, out: HostArray, alpha: number, beta: number): void;
  binary(op: number, a: HostArray, aStrides: number[], b: HostArray, bStrides: number[], out: HostArray, outShape: number[]): void;
  select(condition: Uint8Array, t: HostArray, e: HostArray, out: HostArray): void;
  addN(arrays: HostArray[], out: HostArray): void;
  stridedCopy(src: HostArray, srcOffset: number, srcStrides: number[], dst: HostArray, dstOffset: number, dstStrides: number[], shape: number[]): void;
  fill(dst: HostArray, value: number): void;
  cast(src: HostArray, dst: HostArray): void;
  reduce(op: number, x: HostArray, out: HostArray, outer: number, size: number, inner: number): void;
  argReduce(isMax: boolean, x: HostArray, out: Int32Array, outer: number, size: number, inner: number): void;
  softmax(x: Float32Array, out: Float32Array, rows: number, cols: number): void;
  conv2d(x: Float32Array, filter: Float32Array, out: Float32Array, geometry: number[]): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, dx: Float32Array, geometry: number[]): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, dw: Float32Array, geometry: number[]): void;
  depthwise(mode: 0 | 1 | 2, a: Float32Array, b: Float32Array, out: Float32Array, geometry: number[]): void;
  maxPool(x: Float32Array, out: Float32Array, geometry: number[]): void;
  avgPool(x: Float32Array, out: Float32Array, geometry: number[]): void;
  maxPoolGrad(dy: Float32Array, x: Float32Array, dx: Float32Array, geometry: number[]): void;
  avgPoolGrad(dy: Float32Array, dx: Float32Array, geometry: number[]): void;
  gather(x: HostArray, indices: Int32Array, out: HostArray, outer: number, axisSize: number, inner: number): void;
  unsortedSegmentSum(x: HostArray, segmentIds: Int32Array, out: HostArray, numSegments: number, inner: number): void;
  oneHot(indices: Int32Array, out: HostArray, depth: number, onValue: number, offValue: number): void;
  denseForward(x: Float32Array, kernel: Float32Array, bias: Float32Array | null, out: Float32Array, m: number, k: number, n: number, activation: string): void;
  denseActivationGrad(dy: Float32Array, y: Float32Array, dz: Float32Array, db: Float32Array | null, m: number, n: number, activation: string): void;
  /** Whole-sequence LSTM forward; `dims` is `[batch, time, features, units]` (see native/recurrent.cc). */
  lstmSequenceForward(
    x: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    bias: Float32Array | null,
    h0: Float32Array,
    c0: Float32Array,
    mask: Float32Array | null,
    sequence: Float32Array,
    last: Float32Array,
    h: Float32Array,
    c: Float32Array,
    workspace: Float32Array,
    dims: number[],
    goBackwards: boolean,
  ): void;
  lstmSequenceBackward(
    dSequence: Float32Array,
    dLast: Float32Array,
    dH: Float32Array,
    dC: Float32Array,
    x: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    workspace: Float32Array,
    dx: Float32Array,
    dKernel: Float32Array,
    dRecurrent: Float32Array,
    dBias: Float32Array,
    dH0: Float32Array,
    dC0: Float32Array,
    dims: number[],
    goBackwards: boolean,
  ): void;
  gruSequenceForward(
    x: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    bias: Float32Array | null,
    h0: Float32Array,
    mask: Float32Array | null,
    sequence: Float32Array,
    last: Float32Array,
    h: Float32Array,
    workspace: Float32Array,
    dims: number[],
    goBackwards: boolean,
  ): void;
  gruSequenceBackward(
    dSequence: Float32Array,
    dLast: Float32Array,
    dH: Float32Array,
    x: Float32Array,
    kernel: Float32Array,
    recurrent: Float32Array,
    workspace: Float32Array,
    dx: Float32Array,
    dKernel: Float32Array,
    dRecurrent: Float32Array,
    dBias: Float32Array,
    dH0: Float32Array,
    dims: number[],
    goBackwards: boolean,
  ): void;
  rmspropUpdate(
    variable: Float32Array,
    velocity: Float32Array,
    gradient: Float32Array,
    newVariable: Float32Array,
    newVelocity: Float32Array,
    rho: number,
    epsilon: number,
    learningRate: number,
  ): void;
  adamUpdate(
    variable: Float32Array,
    momentum: Float32Array,
    velocity: Float32Array,
    gradient: Float32Array,
    newVariable: Float32Array,
    newMomentum: Float32Array,
    newVelocity: Float32Array,
    beta1: number,
    beta2: number,
    epsilon: number,
    /** The step size: a number, or a one-element Float32Array read at the call. */
    alpha: number | Float32Array,
  ): void;
  /** Keras's categorical crossentropy of probabilities per row (see native/crossentropy.cc). */
  categoricalCrossentropy(yTrue: Float32Array, yPred: Float32Array, out: Float32Array, rows: number, classes: number): void;
  /** Its gradients `[dTrue, dPred]` per row, as the unfused op chain's autodiff gives them. */
  categoricalCrossentropyGrad(
    dy: Float32Array,
    yTrue: Float32Array,
    yPred: Float32Array,
    dTrue: Float32Array,
    dPred: Float32Array,
    rows: number,
    classes: number,
  ): void;
  /** Fills `out` with seeded uniform noise from Alea's state after seeding (see native/random.cc). */
  randomUniform(out: Float32Array, minval: number, maxval: number, c: number, s0: number, s1: number, s2: number): void;
  /** Fills `out` with tf.dropout's multiplier for `rate` from the same generator (see native/random.cc). */
  dropoutMask(out: Float32Array, rate: number, c: number, s0: number, s1: number, s2: number): void;
  sgdMomentumUpdate(
    variable: Float32Array,
    velocity: Float32Array,
    gradient: Float32Array,
    newVariable: Float32Array,
    newVelocity: Float32Array,
    momentum: number,
    nesterov: boolean,
    /** A number, or a one-element Float32Array read at the call. */
    learningRate: number | Float32Array,
  ): void;
}
