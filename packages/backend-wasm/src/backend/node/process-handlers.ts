const events = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * Runs `start` and removes any `uncaughtException` / `unhandledRejection` listener it added to
 * `process`. Emscripten's Node glue installs both while its module factory runs, and they rethrow
 * whatever reaches them: Node then exits with code 7 and prints the line that rethrew, which is
 * 38–55 KB of minified emscripten source, instead of the user's error. Without them Node's own
 * behaviour returns (the error and its stack, exit code 1). The listeners are installed
 * synchronously by the factory call, so the window is that call alone: listeners other code adds
 * before or after it are left alone.
 */
export function withoutNewProcessHandlers<T>(start: () => T): T {
  // The plain EventEmitter view: process's typed overloads take one event name at a time.
  const emitter: NodeJS.EventEmitter = process;
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  try {
    return start();
  } finally {
    for (const event of events) {
      for (const listener of emitter.listeners(event)) {
        if (!before.get(event)!.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
      }
    }
  }
}
