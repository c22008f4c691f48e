import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

// A tiny assembler for the one-function WebAssembly modules (RMSprop, NaN-keeping clamps) that run
// SIMD loops directly over the wasm backend's heap: the module imports the backend's memory and
// exports `run`.

/** `value` as unsigned LEB128 (WebAssembly's integer encoding). */
export function uleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    const low = rest & 0x7f;
    rest >>>= 7;
    bytes.push(rest === 0 ? low : low | 0x80);
  } while (rest !== 0);
  return bytes;
}

/** `value` as signed LEB128 (the encoding of `i32.const`'s operand). */
export function sleb(value: number): number[] {
  const bytes: number[] = [];
  let rest = value | 0;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
    bytes.push(done ? low : low | 0x80);
    if (done) return bytes;
  }
}

/** `local.get index` (the instruction's bytes). */
export const localGet = (index: number): number[] => [0x20, index];
/** `local.set index` (the instruction's bytes). */
export const localSet = (index: number): number[] => [0x21, index];

/** `i32.const value` (the instruction's bytes). */
export const i32Const = (value: number): number[] => [0x41, ...sleb(value)];
/** `local += amount`, `amount` the code of an i32 value. */
export const addTo = (local: number, amount: number[]): number[] => [...localGet(local), ...amount, 0x6a, ...localSet(local)];

const SIMD = 0xfd;
/**
 * Instruction bytes the hand-assembled heap modules share (gemm-simd.ts, lstm-step-simd.ts):
 * memory operations carry alignment 2^2 and, where a function, a constant byte offset.
 */
export const HEAP_OP = {
  i32Const: 0x41,
  i32Add: 0x6a,
  i32Mul: 0x6c,
  i32Sub: 0x6b,
  i32Eq: 0x46,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32LeU: 0x4d,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  i32And: 0x71,
  i32Eqz: 0x45,
  /** `select` of two i32 values: the first when the i32 condition is non-zero, else the second. */
  select: 0x1b,
  i32Load: (offset: number) => [0x28, 2, ...uleb(offset)],
  i32Store: (offset: number) => [0x36, 2, ...uleb(offset)],
  f32Load: (offset: number) => [0x2a, 2, ...uleb(offset)],
  f32Store: (offset: number) => [0x38, 2, ...uleb(offset)],
  f32Sub: 0x93,
  f32Add: 0x92,
  f32Mul: 0x94,
  f32Ne: 0x5c,
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  else: 0x05,
  brIf: 0x0d,
  br: 0x0c,
  end: 0x0b,
  call: 0x10,
  v128Load: (offset: number) => [SIMD, 0x00, 2, ...uleb(offset)],
  v128Store: (offset: number) => [SIMD, 0x0b, 2, ...uleb(offset)],
  v128Zero: [SIMD, 0x0c, ...new Array<number>(16).fill(0)],
  /** `select` typed v128: the first operand when the i32 condition is non-zero, else the second. */
  selectV128: [0x1c, 0x01, 0x7b],
  /** `v128.load32_splat`: one float loaded into all four lanes. */
  v128Load32Splat: (offset: number) => [SIMD, 0x09, 2, ...uleb(offset)],
  /** `v128.load32_zero`: one float into lane 0, the other lanes zero. */
  v128Load32Zero: (offset: number) => [SIMD, 0x5c, 2, ...uleb(offset)],
  /** `v128.load32_lane`: one float into `lane` of the vector on the stack (address below it). */
  v128Load32Lane: (offset: number, lane: number) => [SIMD, 0x56, 2, ...uleb(offset), lane],
  /** `v128.store32_lane`: `lane` of the vector on the stack to the address below it. */
  v128Store32Lane: (offset: number, lane: number) => [SIMD, 0x5a, 2, ...uleb(offset), lane],
  f32x4Splat: [SIMD, 0x13],
  /** `i8x16.shuffle`: the 16 bytes picked by `lanes` (0–15 the first vector's, 16–31 the second's). */
  i8x16Shuffle: (lanes: readonly number[]) => [SIMD, 0x0d, ...lanes],
  f32x4Add: [SIMD, 0xe4, 0x01],
  f32x4Mul: [SIMD, 0xe6, 0x01],
  /** `f32x4.extract_lane lane` */
  f32x4ExtractLane: (lane: number) => [SIMD, 0x1f, lane],
  /** `f32x4.relaxed_madd` (relaxed SIMD): `a·b + c` for the stack's `a, b, c`, rounded once or twice as the processor does it. */
  f32x4RelaxedMadd: [SIMD, 0x85, 0x02],
} as const;

/** A module section: its id, byte length and content. */
function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

/** An ASCII name as WebAssembly encodes it (length, then bytes). */
function name(text: string): number[] {
  return [text.length, ...Array.from(text, (character) => character.charCodeAt(0))];
}

const MAGIC_AND_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** One function of a heap module: its i32/f32/v128 parameter types and its body (locals and instructions). */
export interface HeapFunction {
  readonly parameters: readonly number[];
  readonly body: readonly number[];
}

/**
 * The bytes of a module importing `env.memory` (shared with a 4 GiB maximum when `shared`, as the
 * threaded tfjs build declares it) with `functions` (none returns a value; function i is called as
 * `call i`) and exporting the first as `run`.
 */
export function heapModule(functions: readonly HeapFunction[], shared: boolean): Uint8Array<ArrayBuffer> {
  const types = functions.flatMap(({ parameters }) => [0x60, parameters.length, ...parameters, 0]);
  const limits = shared ? [0x03, 0, ...uleb(65536)] : [0x00, 0];
  return Uint8Array.from([
    ...MAGIC_AND_VERSION,
    ...section(1, [functions.length, ...types]),
    ...section(2, [1, ...name('env'), ...name('memory'), 0x02, ...limits]),
    ...section(3, [functions.length, ...functions.map((_, index) => index)]),
    ...section(7, [1, ...name('run'), 0x00, 0]),
    ...section(10, [functions.length, ...functions.flatMap(({ body }) => body)]),
  ]);
}

/**
 * The bytes of a module importing `env.memory` (shared when `shared`) and exporting
 * `run(parameters) → ()` whose code is `body` (locals and instructions, as a function body
 * section entry).
 */
export function heapFunctionModule(parameters: number[], body: number[], shared: boolean): Uint8Array<ArrayBuffer> {
  return heapModule([{ parameters, body }], shared);
}

/** The WebAssembly.Memory behind the backend's heap, as the Emscripten module exposes it. */
export function heapMemory(backend: BackendWasm): WebAssembly.Memory | undefined {
  const module = backend.wasm as unknown as { wasmMemory?: unknown; asm?: { memory?: unknown } };
  for (const candidate of [module.wasmMemory, module.asm?.memory]) {
    if (candidate instanceof WebAssembly.Memory) return candidate;
  }
  return undefined;
}

/** Bytes of {@link heapScratch}'s area. */
export const HEAP_SCRATCH_BYTES = 64;

/**
 * A small area of the heap taken once per backend with the module's `malloc`, through which
 * kernels pass arguments to the heap's functions or read a module's answers back, without a
 * tensor (or a JavaScript array) per call. A kernel uses it only within one synchronous call.
 */
export interface HeapScratch {
  /** Heap address of {@link HEAP_SCRATCH_BYTES} bytes. */
  readonly address: number;
  readonly memory: WebAssembly.Memory;
  /** The area as int32 and float32, viewed on the current heap buffer (see {@link heapScratchViews}). */
  int32: Int32Array;
  float32: Float32Array;
}

const scratches = new WeakMap<BackendWasm, HeapScratch | null>();

/** The backend's {@link HeapScratch}, taken on first use; `undefined` where the heap cannot be reached. */
export function heapScratch(backend: BackendWasm): HeapScratch | undefined {
  let scratch = scratches.get(backend);
  if (scratch === undefined) {
    const memory = heapMemory(backend);
    const malloc = (backend.wasm as unknown as { _malloc?: (bytes: number) => number })._malloc;
    const address = memory === undefined || malloc === undefined ? 0 : malloc(HEAP_SCRATCH_BYTES);
    scratch = memory === undefined || address === 0 ? null : { address, memory, ...views(memory, address) };
    scratches.set(backend, scratch);
  }
  return scratch ?? undefined;
}

function views(memory: WebAssembly.Memory, address: number): { int32: Int32Array; float32: Float32Array } {
  return { int32: new Int32Array(memory.buffer, address, HEAP_SCRATCH_BYTES / 4), float32: new Float32Array(memory.buffer, address, HEAP_SCRATCH_BYTES / 4) };
}

/** `scratch` with its views made again if the heap grew (which replaces its buffer) since they were taken. */
export function heapScratchViews(scratch: HeapScratch): HeapScratch {
  if (scratch.int32.buffer !== scratch.memory.buffer) Object.assign(scratch, views(scratch.memory, scratch.address));
  return scratch;
}

/** Module kind prefixes {@link withoutHeapRunner} switched off. */
const switchedOff = new Set<string>();
const isSwitchedOff = (kind: string) => {
  for (const prefix of switchedOff) if (kind.startsWith(prefix)) return true;
  return false;
};

/**
 * Runs `body` with {@link heapRunner} answering `undefined` for every kind starting with
 * `kindPrefix` (a whole kind names just that one), as on a runtime that refuses the module: tests
 * compare a kernel's JavaScript path with its module path.
 */
export function withoutHeapRunner<T>(kindPrefix: string, body: () => T): T {
  const wasOff = switchedOff.has(kindPrefix);
  switchedOff.add(kindPrefix);
  try {
    return body();
  } finally {
    if (!wasOff) switchedOff.delete(kindPrefix);
  }
}

/** Instantiated `run` functions by heap memory and module kind (`null`: the runtime refused the module). */
const runners = new WeakMap<WebAssembly.Memory, Map<string, object | null>>();

/** The compiled module behind each runner {@link heapRunner} handed out. */
const modulesOfRunners = new WeakMap<object, WebAssembly.Module>();

/**
 * The `run` export of the module `bytes(shared)` instantiated over the backend's heap, once per
 * heap and `kind`; `undefined` where the heap memory is not reachable or the runtime rejects the
 * module (no WebAssembly SIMD) — callers then use JS.
 */
export function heapRunner<Runner>(backend: BackendWasm, kind: string, bytes: (shared: boolean) => Uint8Array<ArrayBuffer>): Runner | undefined {
  const memory = heapMemory(backend);
  if (memory === undefined || (switchedOff.size > 0 && isSwitchedOff(kind))) return undefined;
  let byKind = runners.get(memory);
  if (byKind === undefined) runners.set(memory, (byKind = new Map()));
  if (!byKind.has(kind)) {
    try {
      const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
      const module = new WebAssembly.Module(bytes(shared));
      const instance = new WebAssembly.Instance(module, { env: { memory } });
      const run = instance.exports.run as object;
      byKind.set(kind, run);
      modulesOfRunners.set(run, module);
    } catch {
      byKind.set(kind, null);
    }
  }
  return (byKind.get(kind) ?? undefined) as Runner | undefined;
}

/**
 * The compiled module whose `run` export `runner` is (a runner {@link heapRunner} handed out);
 * `undefined` for any other function. Helper threads instantiate this very module: V8 shares its
 * compiled code between them, so code the calling thread's use has optimized serves the helpers too.
 */
export function heapRunnerModuleOf(runner: object): WebAssembly.Module | undefined {
  return modulesOfRunners.get(runner);
}
