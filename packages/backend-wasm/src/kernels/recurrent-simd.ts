import type { SimdFormula, SimdStatement } from './elementwise-simd.js';
import { simd } from './elementwise-simd.js';

// The element-wise parts of the whole-sequence LSTM and GRU kernels as SIMD formulas (elementwise-simd.ts),
// run over a step's rows four units at a time. Each is written in the order of the JavaScript loop
// it replaces (and of the layer's op chain), so the float32 results are the same bits.

const { array, scalar, value, add, sub, mul } = simd;

/** `z ← (xz + z) + b` over a row of gates: arrays `xz, z, b`. */
export const LSTM_PREACTIVATION_BIAS: SimdFormula = {
  arrays: 3,
  scalars: 0,
  statements: [{ store: 1, value: add(add(array(0), array(1)), array(2)) }],
};

/** `z ← xz + z` (no bias): arrays `xz, z`. */
export const LSTM_PREACTIVATION: SimdFormula = { arrays: 2, scalars: 0, statements: [{ store: 1, value: add(array(0), array(1)) }] };

/** `a ← a + b`: arrays `a, b`. */
export const ACCUMULATE: SimdFormula = { arrays: 2, scalars: 0, statements: [{ store: 0, value: add(array(0), array(1)) }] };

/** The new cell state `c' = f·c + i·g`: arrays `sigmoid(f), c, sigmoid(i), tanh(g), c'`. */
export const LSTM_CELL: SimdFormula = {
  arrays: 5,
  scalars: 0,
  statements: [{ store: 4, value: add(mul(array(0), array(1)), mul(array(2), array(3))) }],
};

// Arrays of LSTM_OUTPUT / LSTM_OUTPUT_MASKED, in this order.
const [I, F, G, O, C, TANH_C, H, C_NEW, WS, LAST, SEQUENCE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 15, 16] as const;

/** The workspace row a step keeps for the backward pass: `i, f, g, o, c, tanh(c'), h`. */
const workspaceStores: SimdStatement[] = [I, F, G, O, C, TANH_C, H].map((source, k) => ({ store: WS + k, value: array(source) }));

/**
 * A step's outputs without a mask: `h' = o·tanh(c')`, the workspace row, then `last = h = h'`,
 * `c = c'` and the sequence row. Arrays: `sigmoid(i), sigmoid(f), tanh(g), sigmoid(o), c, tanh(c'),
 * h, c'`, the seven workspace segments, `last`, the sequence row.
 */
export const LSTM_OUTPUT: SimdFormula = {
  arrays: 17,
  scalars: 0,
  statements: [
    { let: 'h', value: mul(array(O), array(TANH_C)) },
    ...workspaceStores,
    { store: LAST, value: value('h') },
    { store: H, value: value('h') },
    { store: C, value: array(C_NEW) },
    { store: SEQUENCE, value: value('h') },
  ],
};

/**
 * {@link LSTM_OUTPUT} for rows with a mask value `keep`: Keras's masked step
 * `next·keep + previous·(1 − keep)` for `last`, `h` and `c`; scalars `keep, 1 − keep`.
 */
export const LSTM_OUTPUT_MASKED: SimdFormula = {
  arrays: 17,
  scalars: 2,
  statements: [
    { let: 'h', value: mul(array(O), array(TANH_C)) },
    ...workspaceStores,
    { let: 'last', value: add(mul(value('h'), scalar(0)), mul(array(LAST), scalar(1))) },
    { let: 'hKept', value: add(mul(value('h'), scalar(0)), mul(array(H), scalar(1))) },
    { let: 'cKept', value: add(mul(array(C_NEW), scalar(0)), mul(array(C), scalar(1))) },
    { store: LAST, value: value('last') },
    { store: H, value: value('hKept') },
    { store: C, value: value('cKept') },
    { store: SEQUENCE, value: value('last') },
  ],
};

/**
 * One backward step: from the workspace row (`i, f, g, o, c, tanh(c')`: arrays 0–5), the upstream
 * gradient of the sequence row (6), the carried output gradient (7), `dh` (8) and `dc` (9), the
 * four gate pre-activation gradients, written both into the all-steps `dZ` (10–13) and the step's
 * block (14–17); then `dh ← dh·carry`, `dc ← dc·carry + dc'·f`, output gradient `← dOut·carry`.
 * Scalars: `keep`, `carry = 1 − keep`, `1`.
 */
export const LSTM_BACKWARD_STEP: SimdFormula = {
  arrays: 18,
  scalars: 3,
  statements: [
    { let: 'dOut', value: add(array(7), array(6)) },
    { let: 'dh', value: add(mul(array(8), scalar(0)), mul(value('dOut'), scalar(0))) },
    { let: 'dc', value: add(mul(array(9), scalar(0)), mul(mul(value('dh'), array(3)), sub(scalar(2), mul(array(5), array(5))))) },
    { let: 'dzi', value: mul(mul(value('dc'), array(2)), mul(array(0), sub(scalar(2), array(0)))) },
    { let: 'dzf', value: mul(mul(value('dc'), array(4)), mul(array(1), sub(scalar(2), array(1)))) },
    { let: 'dzg', value: mul(mul(value('dc'), array(0)), sub(scalar(2), mul(array(2), array(2)))) },
    { let: 'dzo', value: mul(mul(value('dh'), array(5)), mul(array(3), sub(scalar(2), array(3)))) },
    ...['dzi', 'dzf', 'dzg', 'dzo'].flatMap((name, gate) => [
      { store: 10 + gate, value: value(name) },
      { store: 14 + gate, value: value(name) },
    ]),
    { store: 8, value: mul(array(8), scalar(1)) },
    { store: 9, value: add(mul(array(9), scalar(1)), mul(value('dc'), array(1))) },
    { store: 7, value: mul(value('dOut'), scalar(1)) },
  ],
};

/** `c = a + b` over a row: arrays `a, b, c` (the GRU's update and reset pre-activations `x_z + h_z`). */
export const SUM: SimdFormula = { arrays: 3, scalars: 0, statements: [{ store: 2, value: add(array(0), array(1)) }] };

/** The GRU's candidate pre-activation `x_h + r·(h·U_h)`: arrays `x_h, sigmoid(r), (h·U)_h, target`. */
export const GRU_CANDIDATE: SimdFormula = {
  arrays: 4,
  scalars: 0,
  statements: [{ store: 3, value: add(array(0), mul(array(1), array(2))) }],
};

// Arrays of GRU_OUTPUT / GRU_OUTPUT_MASKED, in this order.
const [UPDATE, RESET, CANDIDATE, H_CANDIDATE, H_PREVIOUS, GRU_WS, GRU_LAST, GRU_SEQUENCE] = [0, 1, 2, 3, 4, 5, 10, 11] as const;
const gruWorkspaceStores: SimdStatement[] = [UPDATE, RESET, CANDIDATE, H_CANDIDATE, H_PREVIOUS].map((source, k) => ({
  store: GRU_WS + k,
  value: array(source),
}));
/** `h' = z·h + (1 − z)·ĥ` (scalar 0 is 1). */
const gruNewH = { let: 'h', value: add(mul(array(UPDATE), array(H_PREVIOUS)), mul(sub(scalar(0), array(UPDATE)), array(CANDIDATE))) } as const;

/**
 * A GRU step's outputs without a mask: `h'`, the workspace row `z, r, ĥ, (h·U)_h, h`, then
 * `last = h = h'` and the sequence row. Arrays: `sigmoid(z), sigmoid(r), tanh(ĥ pre-activation),
 * (h·U)_h, h`, the five workspace segments, `last`, the sequence row; scalar `1`.
 */
export const GRU_OUTPUT: SimdFormula = {
  arrays: 12,
  scalars: 1,
  statements: [
    gruNewH,
    ...gruWorkspaceStores,
    { store: GRU_LAST, value: value('h') },
    { store: H_PREVIOUS, value: value('h') },
    { store: GRU_SEQUENCE, value: value('h') },
  ],
};

/** {@link GRU_OUTPUT} for rows with a mask value: scalars `1, keep, 1 − keep`. */
export const GRU_OUTPUT_MASKED: SimdFormula = {
  arrays: 12,
  scalars: 3,
  statements: [
    gruNewH,
    ...gruWorkspaceStores,
    { let: 'last', value: add(mul(value('h'), scalar(1)), mul(array(GRU_LAST), scalar(2))) },
    { let: 'hKept', value: add(mul(value('h'), scalar(1)), mul(array(H_PREVIOUS), scalar(2))) },
    { store: GRU_LAST, value: value('last') },
    { store: H_PREVIOUS, value: value('hKept') },
    { store: GRU_SEQUENCE, value: value('last') },
  ],
};

/**
 * One GRU backward step: from the workspace row (`z, r, ĥ, (h·U)_h, h`: arrays 0–4), the upstream
 * gradient of the sequence row (5), the carried output gradient (6) and `dh` (7), the gradients of
 * the input projection (8–10: z, r, ĥ), of the recurrent projection over all steps (11–13) and of
 * the step's recurrent block (14–16); then `dh ← dh·carry + dh'·z`, output gradient `← dOut·carry`.
 * Scalars: `keep`, `carry = 1 − keep`, `1`.
 */
export const GRU_BACKWARD_STEP: SimdFormula = {
  arrays: 17,
  scalars: 3,
  statements: [
    { let: 'dOut', value: add(array(6), array(5)) },
    { let: 'dh', value: add(mul(array(7), scalar(0)), mul(value('dOut'), scalar(0))) },
    { let: 'dCandidate', value: mul(mul(value('dh'), sub(scalar(2), array(0))), sub(scalar(2), mul(array(2), array(2)))) },
    { let: 'dUpdate', value: mul(mul(value('dh'), sub(array(4), array(2))), mul(array(0), sub(scalar(2), array(0)))) },
    { let: 'dReset', value: mul(mul(value('dCandidate'), array(3)), mul(array(1), sub(scalar(2), array(1)))) },
    { let: 'dRecurrentCandidate', value: mul(value('dCandidate'), array(1)) },
    ...[8, 11, 14].map((store) => ({ store, value: value('dUpdate') })),
    ...[9, 12, 15].map((store) => ({ store, value: value('dReset') })),
    { store: 10, value: value('dCandidate') },
    ...[13, 16].map((store) => ({ store, value: value('dRecurrentCandidate') })),
    { store: 7, value: add(mul(array(7), scalar(1)), mul(value('dh'), array(0))) },
    { store: 6, value: mul(value('dOut'), scalar(1)) },
  ],
};
