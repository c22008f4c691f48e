import { packageConfig } from '@keras-ts/vitest-config';

// The product's tests, conformance and training again with the heap product's other build
// (src/kernels/gemm-simd.ts): where this Node has no WebAssembly relaxed SIMD (Node 20), with V8's
// flag that turns it on, so products use the fused multiply-add as in browsers and Node ≥ 22; where
// it has it, with KERAS_TS_WASM_FMA=0.

/** `(func (result v128) (f32x4.relaxed_madd (v128.const 0) (v128.const 0) (v128.const 0)))` */
const zero = [0xfd, 0x0c, ...new Array<number>(16).fill(0)];
const body = [0, ...zero, ...zero, ...zero, 0xfd, 0x85, 0x02, 0x0b];
const probe = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 5, 1, 0x60, 0, 1, 0x7b, 3, 2, 1, 0, 10, body.length + 2, 1, body.length, ...body]);

// The tests whose results go through the product: its own, the kernels built on it, the build's
// choice, and the conformance, training and compiled-step tests.
const products = [
  'gemm-simd',
  'gemm-simd-fused',
  'gemm-sparse-simd',
  'sparse-product',
  'BatchMatMul',
  'heap-workers',
  'KerasDense',
  'Conv2DBackpropFilter',
  'nan-preserving',
];
const include = [...products.map((name) => `src/kernels/${name}.test.ts`), 'src/backend/fused-multiply-add.test.ts', 'test/**/*.test.ts'];
export default packageConfig(
  WebAssembly.validate(probe) ? { include, env: { KERAS_TS_WASM_FMA: '0' } } : { include, execArgv: ['--experimental-wasm-relaxed-simd'] },
);
