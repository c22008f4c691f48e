// Shared helpers for the dataset tests: temporary folders and tensor-leak checks.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** A fresh temporary folder holding the given files. */
export function folderWith(files: Record<string, Uint8Array>): string {
  const directory = mkdtempSync(join(tmpdir(), 'keras-ts-datasets-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(directory, name), content);
  return directory;
}

/** Disposes every tensor in a loadData result (nested arrays included). */
export function disposeAll(value: unknown): void {
  if (value instanceof tf.Tensor) value.dispose();
  else if (Array.isArray(value)) for (const item of value) disposeAll(item);
}

/** Runs `load`, checks it added exactly `added` tensors, disposes them and checks none remain. */
export async function expectNoLeak<T>(load: () => Promise<T>, added: number, check: (result: T) => void): Promise<void> {
  const before = tf.memory().numTensors;
  const result = await load();
  expect(tf.memory().numTensors).toBe(before + added);
  check(result);
  disposeAll(result);
  expect(tf.memory().numTensors).toBe(before);
}
