// summary() of models with real layers (seed 004's headline model; a BatchNormalization and an
// Add) against the text Keras 3.15.1 printed; written by
// packages/core/src/__fixtures__/keras3/make-fidelity-fixtures.py.
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import fixtures from './__fixtures__/keras3/summaries.json' with { type: 'json' };
import { resetNameCounters } from '@keras-ts/core/internal';
import { Input, Model, layers } from './index.js';

interface Captured {
  columns: number;
  line_length: number | null;
  text: string;
}

/** The summary at a terminal of `columns` (Keras read COLUMNS; so does keras-ts in Node). */
function summaryAt(model: Model, { columns, line_length }: Captured): string {
  const saved = process.env.COLUMNS;
  process.env.COLUMNS = String(columns);
  try {
    const out: string[] = [];
    model.summary((line) => out.push(line), line_length ?? undefined);
    return `${out.join('\n')}\n`;
  } finally {
    if (saved === undefined) delete process.env.COLUMNS;
    else process.env.COLUMNS = saved;
  }
}

describe('summary() as Keras 3 prints it', () => {
  beforeEach(() => resetNameCounters());

  it("seed 004's headline model: Keras's layer order, widths and wrapping at 200 and 90 columns and line length 70", () => {
    const mainInput = Input({ shape: [100], dtype: 'int32', name: 'main_input' });
    const x0 = new layers.Embedding({ outputDim: 512, inputDim: 10000 }).apply(mainInput);
    const lstmOut = new layers.LSTM({ units: 32 }).apply(x0);
    const auxiliaryOutput = new layers.Dense({ units: 1, activation: 'sigmoid', name: 'aux_output' }).apply(lstmOut);
    const auxiliaryInput = Input({ shape: [5], name: 'aux_input' });
    let x = layers.concatenate([lstmOut, auxiliaryInput]);
    x = new layers.Dense({ units: 64, activation: 'relu' }).apply(x);
    x = new layers.Dense({ units: 64, activation: 'relu' }).apply(x);
    x = new layers.Dense({ units: 64, activation: 'relu' }).apply(x);
    const mainOutput = new layers.Dense({ units: 1, activation: 'sigmoid', name: 'main_output' }).apply(x);
    const model = new Model({ inputs: [mainInput, auxiliaryInput], outputs: [mainOutput, auxiliaryOutput] });
    expect(model.name).toBe('functional');
    expect(model.layers.map((layer) => layer.name)).toEqual(fixtures.seed004_headline.layers);
    for (const captured of fixtures.seed004_headline.summaries) expect(summaryAt(model, captured)).toBe(captured.text);
  });

  it('wraps at spaces and cuts long words with "…" (BatchNormalization, a long name, two inbound tensors)', () => {
    const left = Input({ shape: [8], name: 'left' });
    const right = Input({ shape: [8], name: 'right' });
    const h = new layers.BatchNormalization().apply(new layers.Dense({ units: 8, name: 'a_rather_long_dense_layer_name' }).apply(left));
    const merged = layers.add([h, right]);
    const model = new Model({ inputs: [left, right], outputs: new layers.Dense({ units: 1 }).apply(merged), name: 'wrapping' });
    for (const captured of fixtures.wrapping.summaries) expect(summaryAt(model, captured)).toBe(captured.text);
  });
});
