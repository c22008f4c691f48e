// The Node side of kernels/heap-workers.ts: helper threads (worker_threads) for the heap product.
// Each helper instantiates the product module over the backend's shared heap memory and waits on
// its own control block (a SharedArrayBuffer, not the heap) for bands of rows to compute. The
// calling thread posts a band by writing the arguments and bumping the block's sequence number,
// computes its own band, then waits for each helper's "done" number to catch up. No message
// passing per product: a hand-off is a few atomic operations and a futex wake.
import { Worker } from 'node:worker_threads';
import { BackendError } from '@keras-ts/common';
import type { GemmRunner } from '../../kernels/gemm-simd.js';
import { type HeapWorkers, heapWorkers, setHeapWorkers } from '../../kernels/heap-workers.js';

/** Control block, in Int32 slots: posted sequence, done sequence, failed (0/1), the ten arguments, then the failure text. */
const [POSTED, DONE, FAILED, ARGUMENTS] = [0, 1, 2, 3] as const;
const MESSAGE_BYTES = 512;
const CONTROL_BYTES = 4 * (ARGUMENTS + 10) + MESSAGE_BYTES;
/** Polls of the control block before a helper or the caller sleeps on it (a few microseconds). */
const SPINS = 2000;

// The helper's whole program (our own code, run by worker_threads as a CommonJS script).
const HELPER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { memory, module, control } = workerData;
const slots = new Int32Array(control);
const message = new Uint8Array(control, ${4 * (ARGUMENTS + 10)}, ${MESSAGE_BYTES});
const run = new WebAssembly.Instance(module, { env: { memory } }).exports.run;
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  for (let spin = 0; spin < ${SPINS} && Atomics.load(slots, ${POSTED}) === seen; spin++);
  while (Atomics.load(slots, ${POSTED}) === seen) Atomics.wait(slots, ${POSTED}, seen);
  seen = Atomics.load(slots, ${POSTED});
  try {
    run(${Array.from({ length: 10 }, (_, i) => `slots[${ARGUMENTS + i}]`).join(', ')});
  } catch (error) {
    const text = new TextEncoder().encode(String(error && error.message || error)).subarray(0, ${MESSAGE_BYTES - 1});
    message.fill(0);
    message.set(text);
    Atomics.store(slots, ${FAILED}, 1);
  }
  Atomics.store(slots, ${DONE}, seen);
  Atomics.notify(slots, ${DONE});
}
`;

interface Helper {
  worker: Worker;
  slots: Int32Array;
  message: Uint8Array;
  sequence: number;
}

/**
 * Starts `count` helpers running the product module `module` over `memory` (which must be shared);
 * resolves once every helper has instantiated it. Helpers never keep the process alive.
 */
export async function startHeapWorkers(memory: WebAssembly.Memory, module: WebAssembly.Module, count: number): Promise<HeapWorkers> {
  const helpers: Helper[] = [];
  const started: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const control = new SharedArrayBuffer(CONTROL_BYTES);
        const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { memory, module, control } });
        started.push(worker);
        await new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        });
        worker.unref();
        helpers.push({
          worker,
          slots: new Int32Array(control, 0, ARGUMENTS + 10),
          message: new Uint8Array(control, 4 * (ARGUMENTS + 10), MESSAGE_BYTES),
          sequence: 0,
        });
      }),
    );
  } catch (error) {
    for (const worker of started) void worker.terminate();
    throw error;
  }
  const waitFor = (helper: Helper, deadline: number) => {
    const { slots, sequence } = helper;
    for (let spin = 0; spin < SPINS && Atomics.load(slots, DONE) !== sequence; spin++);
    while (Atomics.load(slots, DONE) !== sequence) {
      Atomics.wait(slots, DONE, sequence - 1, 1000);
      if (Atomics.load(slots, DONE) !== sequence && performance.now() > deadline) {
        // A helper that stopped answering may still write its band later: retire all of them, so
        // that later products run on the calling thread alone.
        if (heapWorkers() === workers) setHeapWorkers(undefined);
        throw new BackendError(
          "A heap-product helper thread of the 'wasm' backend stopped answering (its thread may have been terminated). Restart the process, or run with one thread (setThreadsCount(1)).",
        );
      }
    }
  };
  const workers: HeapWorkers = {
    count,
    runGemm(parts: readonly Parameters<GemmRunner>[], local: () => void): void {
      const posted = helpers.slice(0, parts.length);
      // A band computes at well over 1 GMAC/s; a helper silent for longer than that allows (and 10 s) is gone.
      const work = Math.max(0, ...parts.map((part) => part[3] * part[4] * part[5]));
      const deadline = performance.now() + 10_000 + work / 1e6;
      posted.forEach((helper, index) => {
        helper.slots.set(parts[index]!, ARGUMENTS);
        helper.sequence++;
        Atomics.store(helper.slots, POSTED, helper.sequence);
        Atomics.notify(helper.slots, POSTED);
      });
      try {
        local();
      } finally {
        // Every posted band is waited for, also when the local one threw: the output stays ours.
        for (const helper of posted) waitFor(helper, deadline);
      }
      const failures = posted.filter((helper) => Atomics.load(helper.slots, FAILED) !== 0);
      if (failures.length === 0) return;
      const text = new TextDecoder().decode(failures[0]!.message.slice()).replace(/\0.*$/s, '');
      // Every flag is cleared, so the next product starts clean on every helper.
      for (const helper of failures) Atomics.store(helper.slots, FAILED, 0);
      throw new BackendError(`A heap-product helper thread of the 'wasm' backend failed: ${text}. Please report the product's shapes.`);
    },
    close(): void {
      for (const { worker } of helpers) void worker.terminate();
    },
  };
  return workers;
}
