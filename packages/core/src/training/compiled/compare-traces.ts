import type { StepTrace, TracedSource, TracedUse } from './tracer.js';

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((size, axis) => size === b[axis]);
const sameUse = (a: TracedUse | null, b: TracedUse | null) =>
  a === null || b === null ? a === b : a.value === b.value && a.dtype === b.dtype && sameShape(a.shape, b.shape);

function sameValues(a: TracedSource, b: TracedSource): boolean {
  const x = a.values as ArrayLike<number> | undefined;
  const y = b.values as ArrayLike<number> | undefined;
  if (x === undefined || y === undefined || x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
  return true;
}

/**
 * Compares two traces of consecutive eager steps of one signature. Returns `undefined` when they
 * ran the same kernels on the same values, read the same variables and made the same JavaScript
 * values (apart from declared feeds), i.e. when the later one may be replayed for the steps after
 * it; else why not. `structural` is true when the difference is in the kernels or events (worth
 * tracing once more: the first step of an optimizer creates its slots), false when a value made
 * in JavaScript changed with no declared way to make it again (a reason to stay eager).
 */
export function compareTraces(previous: StepTrace, current: StepTrace): { reason: string; structural: boolean } | undefined {
  const structural = (reason: string) => ({ reason, structural: true });
  if (previous.backendName !== current.backendName) return structural('the backend changed');
  if (previous.kernels.length !== current.kernels.length) return structural(`the step ran ${previous.kernels.length} kernels, then ${current.kernels.length}`);
  for (let k = 0; k < current.kernels.length; k++) {
    const a = previous.kernels[k]!;
    const b = current.kernels[k]!;
    if (a.name !== b.name || a.inputs.length !== b.inputs.length || a.outputs.length !== b.outputs.length) {
      return structural(`kernel ${k} was ${a.name}, then ${b.name}`);
    }
    if (!a.inputs.every((use, i) => sameUse(use, b.inputs[i]!)) || !a.outputs.every((use, i) => sameUse(use, b.outputs[i]!))) {
      return structural(`kernel ${k} (${b.name}) read other values or made other shapes`);
    }
    if (JSON.stringify(a.attrs ?? {}) !== JSON.stringify(b.attrs ?? {})) return structural(`kernel ${k} (${b.name}) had other attributes`);
  }
  if (previous.origins.length !== current.origins.length) return structural('the step made a different number of values');
  for (let v = 0; v < current.origins.length; v++) {
    const a = previous.origins[v]!;
    const b = current.origins[v]!;
    if (a.kind !== b.kind) return structural(`value ${v} came from a ${a.kind}, then from a ${b.kind}`);
    if (a.kind === 'variable' && b.kind === 'variable' && a.variable !== b.variable) return structural(`value ${v} read another variable`);
    if (a.kind === 'external' && b.kind === 'external' && a.dataId !== b.dataId) {
      return {
        reason: 'the step reads a tensor that is neither a variable nor an input and changes between steps (a stateful layer keeping state outside variables?)',
        structural: false,
      };
    }
  }
  if (previous.events.length !== current.events.length || previous.events.some((event, i) => event.kind !== current.events[i]!.kind)) {
    return structural('the step declared other feeds or effects');
  }
  if (previous.writes.length !== current.writes.length || previous.writes.some((write, i) => write.variable !== current.writes[i]!.variable)) {
    return structural('the step wrote other variables');
  }
  for (let s = 0; s < current.sources.length; s++) {
    const a = previous.sources[s]!;
    const b = current.sources[s]!;
    if ((a.feed === undefined) !== (b.feed === undefined)) return structural(`value made at ${b.origin()} is declared as a feed in one step only`);
    if (b.feed === undefined && !sameValues(a, b)) {
      return {
        reason: `a tensor made from JavaScript values changes between steps and declares no way to make it again (made at ${b.origin()}; use stepScalar/stepTensor from @keras-ts/common)`,
        structural: false,
      };
    }
  }
  return undefined;
}
