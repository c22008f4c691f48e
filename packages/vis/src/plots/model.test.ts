import { describe, expect, it } from 'vitest';
import { modelToDot } from '../graph/dot.js';
import { multiInputOutputModel, nestedSharedModel, sequentialModel } from '../graph/__fixtures__/mock-models.js';
import { matchAll } from '../image/decode-png.test-utils.js';
import { plotModel } from './model.js';

function layers(svg: string) {
  return matchAll(svg, /<g class="layer" data-id="([^"]+)" data-class="([^"]+)">(.*?)<\/g>/g).map(([id, className, body]) => ({
    id,
    className,
    text: matchAll(body ?? '', />([^<]+)<\/text>/g).map(([text]) => text),
    box: (/<rect x="([\d.-]+)" y="([\d.-]+)" width="([\d.]+)" height="([\d.]+)"/.exec(body ?? '') ?? []).slice(1).map(Number),
  }));
}

function edges(svg: string) {
  return matchAll(svg, /class="edge" data-from="([^"]+)" data-to="([^"]+)"/g).map(([from, to]) => `${from}→${to}`);
}

describe('plotModel', () => {
  it('draws a chain with Keras 3 defaults (class names only)', () => {
    const svg = plotModel(sequentialModel());
    expect(layers(svg).map((layer) => layer.text)).toEqual([['InputLayer'], ['Dense'], ['Dense']]);
    expect(edges(svg)).toEqual(['input→dense', 'dense→dense_1']);
    expect(svg).toContain('marker-end="url(#keras-ts-arrow)"');
  });

  it('shows names, shapes, dtype and activations when asked', () => {
    const svg = plotModel(sequentialModel(), { showShapes: true, showLayerNames: true, showDtype: true, showLayerActivations: true });
    const dense = layers(svg).find((layer) => layer.id === 'dense');
    expect(dense?.text).toEqual(['dense (Dense)', 'Activation: relu', 'Dtype: float32', 'Input shape: (None, 10000)', 'Output shape: (None, 64)']);
    const input = layers(svg).find((layer) => layer.id === 'input');
    expect(input?.text).toEqual(['input (InputLayer)', 'Dtype: float32', 'Output shape: (None, 10000)']);
  });

  it('lays out a multi-input, multi-output graph with a shared layer, boxes apart', () => {
    const svg = plotModel(multiInputOutputModel(), { showShapes: true, showLayerNames: true });
    const drawn = layers(svg);
    expect(drawn.length).toBe(9);
    expect(edges(svg).sort()).toEqual(
      [
        'body→embedding',
        'concatenate→department',
        'concatenate→priority',
        'embedding→lstm',
        'embedding→lstm_1',
        'lstm_1→concatenate',
        'lstm→concatenate',
        'tags→concatenate',
        'title→embedding',
      ].sort(),
    );
    // The shared embedding has two calls; its shape comes from getOutputShapeAt (outputShape throws).
    expect(drawn.find((layer) => layer.id === 'embedding')?.text).toContain('Output shape: (None, None, 64)');
    expect(drawn.find((layer) => layer.id === 'concatenate')?.text).toContain('Input shape: [(None, 128), (None, 32), (None, 12)]');
    for (let a = 0; a < drawn.length; a++) {
      for (let b = a + 1; b < drawn.length; b++) {
        const [ax = 0, ay = 0, aw = 0, ah = 0] = drawn[a]?.box ?? [];
        const [bx = 0, by = 0, bw = 0, bh = 0] = drawn[b]?.box ?? [];
        expect(ax < bx + bw && bx < ax + aw && ay < by + bh && by < ay + ah).toBe(false);
      }
    }
    // Inputs above the concatenation above the outputs.
    const top = (id: string) => drawn.find((layer) => layer.id === id)?.box[1] ?? 0;
    expect(top('title')).toBeLessThan(top('embedding'));
    expect(top('concatenate')).toBeLessThan(top('priority'));
    expect(top('priority')).toBe(top('department'));
  });

  it('draws a nested model as one box, or expanded with edges into its own layers', () => {
    const { model } = nestedSharedModel();
    const collapsed = plotModel(model, { showShapes: true });
    expect(layers(collapsed).find((layer) => layer.id === 'encoder')?.text).toEqual(['Functional', 'Input shape: (None, 784)', 'Output shape: (None, 32)']);
    expect(edges(collapsed).sort()).toEqual(['concatenate→same', 'encoder→concatenate', 'left→encoder', 'right→encoder']);

    const expanded = plotModel(model, { expandNested: true, rankdir: 'LR' });
    expect(expanded).toContain('class="nested-model" data-id="encoder"');
    expect(expanded).toContain('>encoder (Functional)</text>');
    expect(layers(expanded).map((layer) => layer.id)).toEqual([
      'left',
      'right',
      'encoder/encoder_input',
      'encoder/encoder_dense',
      'encoder/embedding_out',
      'concatenate',
      'same',
    ]);
    expect(edges(expanded).sort()).toEqual(
      [
        'concatenate→same',
        'encoder/embedding_out→concatenate',
        'encoder/encoder_dense→encoder/embedding_out',
        'encoder/encoder_input→encoder/encoder_dense',
        'left→encoder/encoder_input',
        'right→encoder/encoder_input',
      ].sort(),
    );
    // Inner boxes lie inside the dashed frame.
    const frame = (/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*class="nested-model"/.exec(expanded) ?? []).slice(1).map(Number);
    for (const layer of layers(expanded).filter((entry) => entry.id?.startsWith('encoder/'))) {
      const [x = 0, y = 0, w = 0, h = 0] = layer.box;
      expect(x).toBeGreaterThan(frame[0] ?? 0);
      expect(y).toBeGreaterThan(frame[1] ?? 0);
      expect(x + w).toBeLessThan((frame[0] ?? 0) + (frame[2] ?? 0));
      expect(y + h).toBeLessThan((frame[1] ?? 0) + (frame[3] ?? 0));
    }
  });

  it('rejects things that are not models', () => {
    expect(() => plotModel({ name: 'x' } as never)).toThrow(/expected a model with `layers`, `inputs` and `outputs` arrays/);
    expect(() => plotModel(sequentialModel(), { rankdir: 'BT' as never })).toThrow(/rankdir must be 'TB' or 'LR', got "BT"/);
  });
});

describe('modelToDot', () => {
  it('writes nodes, edges and rankdir in DOT syntax', () => {
    const dot = modelToDot(sequentialModel(), { showShapes: true, rankdir: 'LR' });
    expect(dot.startsWith('digraph "functional" {')).toBe(true);
    expect(dot).toContain('rankdir=LR;');
    expect(dot).toContain('"dense" [label="Dense\\nInput shape: (None, 10000)\\nOutput shape: (None, 64)"];');
    expect(matchAll(dot, /^ {2}"([^"]+)" -> "([^"]+)";$/gm)).toEqual([
      ['input', 'dense'],
      ['dense', 'dense_1'],
    ]);
  });

  it('puts expanded nested models in clusters', () => {
    const dot = modelToDot(nestedSharedModel().model, { expandNested: true });
    expect(dot).toContain('subgraph "cluster_encoder" {');
    expect(dot).toContain('"left" -> "encoder/encoder_input";');
    expect(dot).toContain('"encoder/embedding_out" -> "concatenate";');
  });
});
