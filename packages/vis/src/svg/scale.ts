/** Maps data values to pixel positions along one axis. */
export interface Scale {
  /** Data domain [low, high]. */
  readonly domain: readonly [number, number];
  /** Pixel range [start, end]; end may be smaller than start (y axes). */
  readonly range: readonly [number, number];
  /** Whether the axis is logarithmic. */
  readonly log: boolean;
  /** Pixel position of a data value. */
  map(value: number): number;
}

/** A linear scale from `domain` to `range`. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0 || 1;
  return { domain, range, log: false, map: (value) => r0 + ((value - d0) / span) * (r1 - r0) };
}

/** A base-10 logarithmic scale; the domain must be positive. */
export function logScale(domain: readonly [number, number], range: readonly [number, number]): Scale {
  const l0 = Math.log10(domain[0]);
  const l1 = Math.log10(domain[1]);
  const span = l1 - l0 || 1;
  const [r0, r1] = range;
  return { domain, range, log: true, map: (value) => r0 + ((Math.log10(value) - l0) / span) * (r1 - r0) };
}

/**
 * Data extent of `values` padded by `margin` of the span on each side (5% by
 * default, like matplotlib), with a sensible window around a constant series.
 */
export function paddedExtent(values: readonly number[], margin = 0.05): [number, number] {
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return [0, 1];
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of finite) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (high === low) {
    const half = Math.abs(low) * 0.1 || 0.5;
    return [low - half, high + half];
  }
  const pad = (high - low) * margin;
  low -= pad;
  high += pad;
  return [low, high];
}

/** Log-space counterpart of {@link paddedExtent} for positive values. */
export function paddedLogExtent(values: readonly number[], margin = 0.05): [number, number] {
  const logs = values.filter((value) => value > 0 && Number.isFinite(value)).map((value) => Math.log10(value));
  const [low, high] = paddedExtent(logs, margin);
  return [10 ** low, 10 ** high];
}
