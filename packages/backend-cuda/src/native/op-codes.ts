// Mirrors of the enums in native/kernels/launchers.h; the order must match.

/** Element types on the device: float32 as float, int32 and bool as int. */
export const DeviceType = { float32: 0, int32: 1 } as const;

/** Unary op codes (enum UnaryOp). */
export const UnaryOp = {
  Abs: 0,
  Neg: 1,
  Exp: 2,
  Expm1: 3,
  Log: 4,
  Log1p: 5,
  Sqrt: 6,
  Rsqrt: 7,
  Square: 8,
  Reciprocal: 9,
  Relu: 10,
  Relu6: 11,
  Elu: 12,
  Selu: 13,
  Sigmoid: 14,
  Tanh: 15,
  Softplus: 16,
  Sign: 17,
  Floor: 18,
  Ceil: 19,
  Round: 20,
  Sin: 21,
  Cos: 22,
  Tan: 23,
  Asin: 24,
  Acos: 25,
  Atan: 26,
  Sinh: 27,
  Cosh: 28,
  Asinh: 29,
  Acosh: 30,
  Atanh: 31,
  Erf: 32,
  Step: 33,
  LeakyRelu: 34,
  ClipByValue: 35,
  IsNan: 36,
  IsInf: 37,
  IsFinite: 38,
  LogicalNot: 39,
} as const;

/** Binary op codes (enum BinaryOp); codes from Equal on write bool. */
export const BinaryOp = {
  Add: 0,
  Sub: 1,
  Multiply: 2,
  RealDiv: 3,
  FloorDiv: 4,
  Mod: 5,
  Maximum: 6,
  Minimum: 7,
  Pow: 8,
  SquaredDifference: 9,
  Atan2: 10,
  Prelu: 11,
  EluGrad: 12,
  Equal: 13,
  NotEqual: 14,
  Less: 15,
  LessEqual: 16,
  Greater: 17,
  GreaterEqual: 18,
  LogicalAnd: 19,
  LogicalOr: 20,
} as const;

/** Row-reduction op codes (enum ReduceOp). */
export const ReduceOp = { Sum: 0, Prod: 1, Max: 2, Min: 3, Mean: 4, All: 5, Any: 6 } as const;

/** Epilogue activations of _FusedMatMul (enum Activation). */
export const FusedActivation = { linear: 0, relu: 1, relu6: 2, elu: 3, sigmoid: 4, leakyrelu: 5, prelu: 6 } as const;
