import { describe, expect, it } from 'vitest';
import { ValueError } from '@keras-ts/common';
import { matchAll } from '../image/decode-png.test-utils.js';
import { plotHistory } from './history.js';

const history = {
  history: {
    loss: [1.0, 0.6, 0.45, 0.4],
    val_loss: [0.9, 0.7, 0.65, 0.66],
    accuracy: [0.5, 0.7, 0.8, 0.85],
    val_accuracy: [0.55, 0.68, 0.72, 0.71],
  },
};

function seriesOf(svg: string): { name: string; points: number }[] {
  return matchAll(svg, /<g class="series" data-name="([^"]+)" data-points="(\d+)">/g).map(([name, points]) => ({ name: name ?? '', points: Number(points) }));
}

describe('plotHistory', () => {
  it('draws one panel per metric family with a train and a validation series', () => {
    const svg = plotHistory(history);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(matchAll(svg, /<g class="panel" data-metric="([^"]+)"/g).map(([name]) => name)).toEqual(['loss', 'accuracy']);
    expect(seriesOf(svg)).toEqual([
      { name: 'loss', points: 4 },
      { name: 'val_loss', points: 4 },
      { name: 'accuracy', points: 4 },
      { name: 'val_accuracy', points: 4 },
    ]);
    // One line <path> per series inside the series groups.
    expect(matchAll(svg, /<g class="series"[^>]*><path /g).length).toBe(4);
    expect(matchAll(svg, /class="legend-label"[^>]*>([^<]+)</g).map(([text]) => text)).toEqual(['Training', 'Validation', 'Training', 'Validation']);
  });

  it('labels axes and puts whole-number epoch ticks on x', () => {
    const svg = plotHistory(history);
    expect(matchAll(svg, /class="axis-label x"[^>]*>([^<]+)</g).map(([text]) => text)).toEqual(['Epoch', 'Epoch']);
    expect(matchAll(svg, /class="axis-label y"[^>]*>([^<]+)</g).map(([text]) => text)).toEqual(['Loss', 'Accuracy']);
    const xTicks = matchAll(svg, /class="tick-label x"[^>]*>([^<]+)</g).map(([text]) => text);
    expect(xTicks.slice(0, 4)).toEqual(['1', '2', '3', '4']);
    // Loss spans 0.4..1.0; the y ticks must cover it with round values.
    const yTicks = matchAll(svg, /class="tick-label y"[^>]*>([^<]+)</g).map(([text]) => Number(text));
    expect(yTicks).toContain(0.4);
    expect(yTicks).toContain(1.0);
  });

  it('places points where the data says: higher loss is drawn higher', () => {
    const svg = plotHistory({ loss: [2, 1] });
    const path = /<g class="series" data-name="loss"[^>]*><path d="M([\d.]+) ([\d.]+)L([\d.]+) ([\d.]+)"/.exec(svg);
    expect(path).not.toBeNull();
    const [, x1, y1, x2, y2] = (path ?? []).map(Number);
    expect(x2).toBeGreaterThan(x1 ?? 0);
    expect(y1).toBeLessThan(y2 ?? 0);
  });

  it('accepts a plain record, selects metrics and keeps gaps for missing values', () => {
    const svg = plotHistory({ loss: [1, Number.NaN, 0.5], val_loss: [1.1, 0.9, 0.8], lr: [0.1, 0.1, 0.01] }, { metrics: ['val_loss'], title: 'Run 7' });
    expect(seriesOf(svg)).toEqual([
      { name: 'loss', points: 2 },
      { name: 'val_loss', points: 3 },
    ]);
    expect(svg).toContain('>Run 7</text>');
    expect(svg).not.toContain('data-metric="lr"');
  });

  it('names the problem in errors', () => {
    expect(() => plotHistory({ loss: [1] }, { metrics: ['accuracy'] })).toThrow(/metrics \["accuracy"\] are not in the history; available: \["loss"\]/);
    expect(() => plotHistory({})).toThrow(/history is empty/);
    expect(() => plotHistory({})).toThrow(ValueError);
    expect(() => plotHistory({ loss: 'high' } as never)).toThrow(ValueError);
  });
});
