/** One benchmark result. */
export interface Timing {
  label: string;
  backend: string;
  /** Seconds per full epoch (measured steps scaled to the epoch's step count). */
  secondsPerEpoch: number;
  /** Steps timed (after warm-up). */
  stepsTimed: number;
  stepsPerEpoch: number;
}

/**
 * Times `steps` calls of `step` after `warmup` untimed calls; returns seconds per call. The
 * first steps run slower (JIT tiering, buffers first allocated): about 10 steps of warm-up reach
 * the steady state an epoch of 469 steps spends its time in.
 */
export async function timeSteps(step: (index: number) => Promise<void> | void, steps: number, warmup = 10): Promise<number> {
  for (let i = 0; i < warmup; i++) await step(i);
  const start = performance.now();
  for (let i = 0; i < steps; i++) await step(warmup + i);
  return (performance.now() - start) / 1000 / steps;
}
