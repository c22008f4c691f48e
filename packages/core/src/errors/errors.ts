// The error classes live in @keras-ts/common so that every package throws the same ones; core's
// modules keep importing them from here, and core's index re-exports them for users.
export {
  BackendError,
  GraphError,
  InternalError,
  KerasError,
  MissingKernelError,
  NotCompiledError,
  ShapeError,
  ValueError,
} from '@keras-ts/common';
