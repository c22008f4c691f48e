// The Node side of kernels/heap-workers.ts: helper threads (worker_threads) for the heap modules.
// Each helper instantiates the product module over the backend's shared heap memory and waits on
// its own control block (a SharedArrayBuffer, not the heap) for calls to make. The calling thread
// posts a part by writing the module's number, the arguments, their per-call steps and the call
// count, and bumping the block's sequence number; it computes its own part, then waits for each
// helper's "done" number to catch up. No message passing per part: a hand-off is a few atomic
// operations and a futex wake. Other modules (the recurrent steps) reach a helper once, through a
// MessagePort it reads synchronously (`receiveMessageOnPort`) when a part names a module it has
// not instantiated yet: the port is written before the sequence number is bumped.
import { MessageChannel, type MessagePort, Worker } from 'node:worker_threads';
import { BackendError, InternalError } from '@keras-ts/common';
import type { GemmRunner } from '../../kernels/gemm-simd.js';
import { type HeapCalls, type HeapWorkers, heapWorkers, MAX_HEAP_CALL_ARGUMENTS, setHeapWorkers } from '../../kernels/heap-workers.js';

/**
 * Control block: Int32 slots (posted sequence, done sequence, failed (0/1), the module's number,
 * the call count, the argument count), then the arguments and their per-call steps as float64
 * (byte offsets and counts exactly, float32 scalars exactly), then the failure text.
 */
const [POSTED, DONE, FAILED, MODULE, CALLS, ARGUMENT_COUNT] = [0, 1, 2, 3, 4, 5] as const;
const SLOTS = 8;
/** Byte offsets of the arguments, their steps and the failure text in the control block. */
const ARGUMENTS_AT = 4 * SLOTS;
const STEPS_AT = ARGUMENTS_AT + 8 * MAX_HEAP_CALL_ARGUMENTS;
const MESSAGE_AT = STEPS_AT + 8 * MAX_HEAP_CALL_ARGUMENTS;
const MESSAGE_BYTES = 512;
const CONTROL_BYTES = MESSAGE_AT + MESSAGE_BYTES;
/** Polls of the control block before a helper or the caller sleeps on it (a few microseconds). */
const SPINS = 2000;

// The helper's whole program (our own code, run by worker_threads as a CommonJS script).
const HELPER_SOURCE = `
const { parentPort, workerData, receiveMessageOnPort } = require('node:worker_threads');
const { memory, module, control, modules } = workerData;
const slots = new Int32Array(control, 0, ${SLOTS});
const argumentsIn = new Float64Array(control, ${ARGUMENTS_AT}, ${MAX_HEAP_CALL_ARGUMENTS});
const stepsIn = new Float64Array(control, ${STEPS_AT}, ${MAX_HEAP_CALL_ARGUMENTS});
const message = new Uint8Array(control, ${MESSAGE_AT}, ${MESSAGE_BYTES});
const instantiate = (compiled) => new WebAssembly.Instance(compiled, { env: { memory } }).exports.run;
const runs = [instantiate(module)];
// Reports a part's failure to the caller, which throws it as a BackendError.
const fail = (text) => {
  message.fill(0);
  message.set(new TextEncoder().encode(text).subarray(0, ${MESSAGE_BYTES - 1}));
  Atomics.store(slots, ${FAILED}, 1);
};
parentPort.postMessage('ready');
let seen = 0;
for (;;) {
  for (let spin = 0; spin < ${SPINS} && Atomics.load(slots, ${POSTED}) === seen; spin++);
  while (Atomics.load(slots, ${POSTED}) === seen) Atomics.wait(slots, ${POSTED}, seen);
  seen = Atomics.load(slots, ${POSTED});
  try {
    const id = slots[${MODULE}];
    while (runs.length <= id) {
      const received = receiveMessageOnPort(modules);
      if (received === undefined) break;
      runs.push(instantiate(received.message));
    }
    const run = runs[id];
    if (run === undefined) fail('heap module ' + id + ' never reached this helper');
    const count = slots[${ARGUMENT_COUNT}];
    const args = new Array(count);
    for (let call = 0, calls = run === undefined ? 0 : slots[${CALLS}]; call < calls; call++) {
      for (let i = 0; i < count; i++) args[i] = argumentsIn[i] + call * stepsIn[i];
      run(...args);
    }
  } catch (error) {
    fail(String(error && error.message || error));
  }
  Atomics.store(slots, ${DONE}, seen);
  Atomics.notify(slots, ${DONE});
}
`;

interface Helper {
  worker: Worker;
  /** Where modules other than the product reach the helper. */
  modules: MessagePort;
  /** How many modules the helper has been sent (the product counts as the first). */
  modulesSent: number;
  slots: Int32Array;
  arguments: Float64Array;
  steps: Float64Array;
  message: Uint8Array;
  sequence: number;
}

/**
 * Starts `count` helpers running heap modules over `memory` (which must be shared), the product
 * module `module` first; resolves once every helper has instantiated it. Helpers never keep the
 * process alive.
 */
export async function startHeapWorkers(memory: WebAssembly.Memory, module: WebAssembly.Module, count: number): Promise<HeapWorkers> {
  const helpers: Helper[] = [];
  const started: Worker[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const control = new SharedArrayBuffer(CONTROL_BYTES);
        const { port1, port2 } = new MessageChannel();
        const worker = new Worker(HELPER_SOURCE, { eval: true, workerData: { memory, module, control, modules: port2 }, transferList: [port2] });
        started.push(worker);
        await new Promise<void>((resolve, reject) => {
          worker.once('message', () => resolve());
          worker.once('error', reject);
        });
        worker.unref();
        port1.unref();
        helpers.push({
          worker,
          modules: port1,
          modulesSent: 1,
          slots: new Int32Array(control, 0, SLOTS),
          arguments: new Float64Array(control, ARGUMENTS_AT, MAX_HEAP_CALL_ARGUMENTS),
          steps: new Float64Array(control, STEPS_AT, MAX_HEAP_CALL_ARGUMENTS),
          message: new Uint8Array(control, MESSAGE_AT, MESSAGE_BYTES),
          sequence: 0,
        });
      }),
    );
  } catch (error) {
    for (const worker of started) void worker.terminate();
    throw error;
  }
  /** Each module's number, in the order the helpers are sent them. */
  const moduleNumbers = new Map<WebAssembly.Module, number>([[module, 0]]);
  const moduleList = [module];
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
          "A heap-module helper thread of the 'wasm' backend stopped answering (its thread may have been terminated). Restart the process, or run with one thread (setThreadsCount(1)).",
        );
      }
    }
  };
  const workers: HeapWorkers = {
    count,
    runGemm(parts: readonly Parameters<GemmRunner>[], local: () => void): void {
      const work = Math.max(0, ...parts.map((part) => part[3] * part[4] * part[5]));
      workers.runCalls(
        module,
        parts.map((args) => ({ args, steps: [], calls: 1 })),
        local,
        work,
      );
    },
    runCalls(compiled: WebAssembly.Module, parts: readonly HeapCalls[], local: () => void, work: number): void {
      if (parts.length > count) throw new InternalError(`runCalls got ${parts.length} parts for ${count} helper threads.`);
      for (const { args } of parts) {
        if (args.length > MAX_HEAP_CALL_ARGUMENTS)
          throw new InternalError(`A heap call takes at most ${MAX_HEAP_CALL_ARGUMENTS} arguments, got ${args.length}.`);
      }
      let id = moduleNumbers.get(compiled);
      if (id === undefined) {
        id = moduleList.length;
        moduleNumbers.set(compiled, id);
        moduleList.push(compiled);
      }
      const posted = helpers.slice(0, parts.length);
      // A part computes at well over 1 G multiply-adds/s; a helper silent for longer than that allows (and 10 s) is gone.
      const deadline = performance.now() + 10_000 + work / 1e6;
      posted.forEach((helper, index) => {
        for (; helper.modulesSent <= id; helper.modulesSent++) helper.modules.postMessage(moduleList[helper.modulesSent]);
        const { args, steps, calls } = parts[index]!;
        helper.slots[MODULE] = id;
        helper.slots[CALLS] = calls;
        helper.slots[ARGUMENT_COUNT] = args.length;
        helper.arguments.set(args);
        helper.steps.fill(0, 0, args.length);
        helper.steps.set(steps);
        helper.sequence++;
        Atomics.store(helper.slots, POSTED, helper.sequence);
        Atomics.notify(helper.slots, POSTED);
      });
      try {
        local();
      } finally {
        // Every posted part is waited for, also when the local one threw: the output stays ours.
        for (const helper of posted) waitFor(helper, deadline);
      }
      const failures = posted.filter((helper) => Atomics.load(helper.slots, FAILED) !== 0);
      if (failures.length === 0) return;
      const text = new TextDecoder().decode(failures[0]!.message.slice()).replace(/\0.*$/s, '');
      // Every flag is cleared, so the next part starts clean on every helper.
      for (const helper of failures) Atomics.store(helper.slots, FAILED, 0);
      throw new BackendError(`A heap-module helper thread of the 'wasm' backend failed: ${text}. Please report the shapes of the kernel that ran.`);
    },
    close(): void {
      for (const { worker, modules } of helpers) {
        modules.close();
        void worker.terminate();
      }
    },
  };
  return workers;
}
