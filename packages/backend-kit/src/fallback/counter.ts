/** How many times each kernel ran through the cpu fallback, per backend. */
const counts = new Map<string, Map<string, number>>();
const warned = new Set<string>();

/** Logger used for the one-time fallback notice; replace it to silence or capture the notice. */
export let fallbackLogger: (message: string) => void = (message) => console.warn(message);

/** Replaces the function that prints the one-time notice for each fallback kernel. */
export function setFallbackLogger(logger: (message: string) => void): void {
  fallbackLogger = logger;
}

/** Records one fallback execution, printing a notice the first time a kernel falls back on a backend. */
export function recordFallback(backendName: string, kernelName: string): void {
  let perBackend = counts.get(backendName);
  if (perBackend === undefined) {
    perBackend = new Map();
    counts.set(backendName, perBackend);
  }
  perBackend.set(kernelName, (perBackend.get(kernelName) ?? 0) + 1);
  const key = `${backendName}/${kernelName}`;
  if (!warned.has(key)) {
    warned.add(key);
    fallbackLogger(
      `[keras-ts] kernel '${kernelName}' has no '${backendName}' implementation; running the cpu kernel on host memory (counted; this notice is shown once).`,
    );
  }
}

/** Fallback executions per kernel for one backend (an empty record when none happened). */
export function fallbackCounts(backendName: string): Record<string, number> {
  return Object.fromEntries(counts.get(backendName) ?? []);
}

/** Total fallback executions on one backend. */
export function totalFallbacks(backendName: string): number {
  let total = 0;
  for (const count of counts.get(backendName)?.values() ?? []) total += count;
  return total;
}

/** Clears the counts (for one backend, or all); notices already shown are not shown again. */
export function resetFallbackCounts(backendName?: string): void {
  if (backendName === undefined) counts.clear();
  else counts.delete(backendName);
}
