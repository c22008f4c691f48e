/** `{ className, config }` of a regularizer or constraint, or null when absent. */
export function serializeOptional(value: { getConfig?(): Record<string, unknown> } | undefined): { className: string; config: Record<string, unknown> } | null {
  if (value === undefined) return null;
  const className = (value.constructor as { className?: string }).className ?? value.constructor.name;
  return { className, config: value.getConfig?.() ?? {} };
}
