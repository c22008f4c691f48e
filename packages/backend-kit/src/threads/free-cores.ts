import { ValueError } from '@keras-ts/common';

// Threads that follow the cores actually free. A backend that splits its work over T threads
// assumes T cores: when other processes hold some of them, its threads wait on each other (a
// thread pool's barrier waits for the slowest thread, which may be descheduled for a whole time
// slice), and fewer threads finish sooner. A ThreadGovernor estimates, from the machine's idle
// time and this process's own processor time, how many cores this process could have used over
// the last interval, and answers how many threads to run now.

/** One reading of the machine's processor time (see {@link processorSample}). */
export interface ProcessorSample {
  /** When it was read, in ms (the governor's clock). */
  atMs: number;
  /** Idle time summed over every logical processor, in ms since any fixed origin. */
  idleMs: number;
  /** Processor time this process has used (all its threads), in ms since any fixed origin. */
  ownMs: number;
  /** Logical processors counted in `idleMs`. */
  cores: number;
}

/** The counters {@link processorSample} reads: in Node, `os.cpus`, `process.cpuUsage` and `performance.now`. */
export interface ProcessorCounters {
  /** Per logical processor, its times in ms (Node's `os.cpus()`, which callers pass: this module imports no Node module); only `idle` is read. */
  cpus(): readonly { times: { idle: number } }[];
  /** This process's processor time in µs. Default: Node's `process.cpuUsage()`. */
  cpuUsage?(): { user: number; system: number };
  /** The clock, in ms. Default: `performance.now()`. */
  now?(): number;
}

/** Reads the counters into a {@link ProcessorSample}. */
export function processorSample(counters: ProcessorCounters): ProcessorSample {
  const cpus = counters.cpus();
  let idleMs = 0;
  for (const cpu of cpus) idleMs += cpu.times.idle;
  const own = counters.cpuUsage === undefined ? process.cpuUsage() : counters.cpuUsage();
  const atMs = counters.now === undefined ? performance.now() : counters.now();
  return { atMs, idleMs, ownMs: (own.user + own.system) / 1000, cores: cpus.length };
}

/**
 * Cores this process could have used between two samples: the idle ones plus those it used
 * itself, averaged over the interval and clamped to [0, cores]. Time neither idle nor ours (other
 * processes, or a hypervisor's steal) counts as taken. `undefined` when no time passed.
 */
export function freeCoresBetween(earlier: ProcessorSample, later: ProcessorSample): number | undefined {
  const elapsed = later.atMs - earlier.atMs;
  if (!(elapsed > 0)) return undefined;
  const free = (later.idleMs - earlier.idleMs + later.ownMs - earlier.ownMs) / elapsed;
  return Math.min(Math.max(free, 0), later.cores);
}

/** Options of a {@link ThreadGovernor}. */
export interface ThreadGovernorOptions {
  /** The most threads to answer (the backend's configured count). */
  maxThreads: number;
  /** Reads the machine's processor time (Node: `processorSample` over `os.cpus` and `process.cpuUsage`). */
  sample: () => ProcessorSample;
  /** The clock `sample` uses, in ms. Default `performance.now`. */
  now?: () => number;
  /** Least time between two samples, in ms (os.cpus' counters tick every 10 ms). Default 500. */
  intervalMs?: number;
}

/**
 * How many threads to run now: `maxThreads` until the first interval has passed, then the cores
 * free over the last interval rounded to the nearest whole core (halves down), between 1 and
 * `maxThreads`. Samples at most once per interval, lazily, when {@link threads} is asked, so a
 * kernel may ask on every call.
 */
export class ThreadGovernor {
  readonly maxThreads: number;
  private readonly sample: () => ProcessorSample;
  private readonly now: () => number;
  private readonly intervalMs: number;
  private last: ProcessorSample;
  private current: number;
  private free: number | undefined;

  constructor(options: ThreadGovernorOptions) {
    if (!Number.isInteger(options.maxThreads) || options.maxThreads < 1) {
      throw new ValueError(`ThreadGovernor: maxThreads must be a positive integer, got ${options.maxThreads}.`);
    }
    const intervalMs = options.intervalMs ?? 500;
    if (!(intervalMs > 0)) throw new ValueError(`ThreadGovernor: intervalMs must be positive, got ${intervalMs}.`);
    this.maxThreads = options.maxThreads;
    this.sample = options.sample;
    this.now = options.now ?? (() => performance.now());
    this.intervalMs = intervalMs;
    this.last = this.sample();
    this.current = this.maxThreads;
  }

  /** The threads to use now (see the class). */
  threads(): number {
    if (this.now() - this.last.atMs < this.intervalMs) return this.current;
    const next = this.sample();
    const free = freeCoresBetween(this.last, next);
    this.last = next;
    if (free !== undefined) {
      this.free = free;
      this.current = Math.min(this.maxThreads, Math.max(1, Math.ceil(free - 0.5)));
    }
    return this.current;
  }

  /** The cores found free over the last interval, `undefined` before the first one has passed. */
  get freeCores(): number | undefined {
    return this.free;
  }
}

/**
 * Whether threads should follow the free cores, from `KERAS_TS_ADAPTIVE_THREADS`: `'0'` or
 * `'false'` turns it off, `'1'`, `'true'` or unset leaves it on (also outside Node). Throws a
 * `ValueError` for any other value.
 */
export function adaptiveThreadsFromEnvironment(): boolean {
  const value = typeof process === 'undefined' ? undefined : process.env?.KERAS_TS_ADAPTIVE_THREADS;
  if (value === undefined || value === '' || value === '1' || value.toLowerCase() === 'true') return true;
  if (value === '0' || value.toLowerCase() === 'false') return false;
  throw new ValueError(`KERAS_TS_ADAPTIVE_THREADS must be '1', 'true', '0' or 'false', got '${value}'. Unset it to keep threads following the free cores.`);
}

/**
 * A backend's adaptive-thread state: the governor its loader installed (none where threads cannot
 * follow the cores, e.g. browsers or one configured thread) and whether the user left adaptation on
 * (`KERAS_TS_ADAPTIVE_THREADS`, read once when a governor is first installed, until the backend's
 * setter says otherwise).
 */
export class AdaptiveThreads {
  private governor: ThreadGovernor | undefined;
  private enabled: boolean | undefined;

  /** `setterName`: the backend's public setter, named in its error message. */
  constructor(private readonly setterName: string) {}

  /** Turns adaptation on or off (the backend's public setter); throws a `ValueError` for a non-boolean. */
  setEnabled(enabled: boolean): void {
    if (typeof enabled !== 'boolean') throw new ValueError(`${this.setterName}(enabled) expects true or false, got ${String(enabled)}.`);
    this.enabled = enabled;
  }

  /** Makes `next` the governor threads follow (`undefined`: none); returns the previous one. */
  install(next: ThreadGovernor | undefined): ThreadGovernor | undefined {
    const previous = this.governor;
    this.governor = next;
    if (next !== undefined) this.enabled ??= adaptiveThreadsFromEnvironment();
    return previous;
  }

  /** Whether threads follow the free cores now (a governor is installed and adaptation is on). */
  get active(): boolean {
    return this.governor !== undefined && this.enabled === true;
  }

  /** The threads to use now, at most `configured`: fewer while other processes hold cores, when active. */
  threads(configured: number): number {
    return this.governor !== undefined && this.enabled === true ? Math.min(configured, this.governor.threads()) : configured;
  }
}
