import { writeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

// The watchdog thread: waits on a shared flag and, if nobody sets it in time, kills the whole
// process. It is plain CommonJS evaluated by the Worker, so no loader is needed.
const watcher = `
const { workerData } = require('node:worker_threads');
const { flag, milliseconds, label } = workerData;
if (Atomics.wait(flag, 0, 0, milliseconds) === 'timed-out') {
  require('node:fs').writeSync(2, 'watchdog: ' + label + ' did not finish within ' + milliseconds / 1000 + ' s, so it hangs; killing the test process.\\n');
  process.kill(process.pid, 'SIGKILL');
}`;

/** Stops a {@link startWatchdog} before it fires. */
export interface Watchdog {
  stop(): void;
}

/**
 * Kills this process (SIGKILL, after a line on stderr naming `label`) unless `stop` is called
 * within `seconds`. A test's own timeout cannot end a hang that blocks the main thread inside a
 * synchronous call (a WebAssembly instance waiting on a lock never returns to the event loop, so
 * the timer never runs); this thread can, and the test run then fails instead of waiting forever.
 */
export function startWatchdog(label: string, seconds: number): Watchdog {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(watcher, { eval: true, workerData: { flag, milliseconds: seconds * 1000, label } });
  worker.unref();
  worker.on('error', (error) => writeSync(2, `watchdog for ${label} failed to start: ${String(error)}\n`));
  return {
    stop() {
      Atomics.store(flag, 0, 1);
      Atomics.notify(flag, 0);
    },
  };
}
