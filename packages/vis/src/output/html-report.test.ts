import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sequentialModel } from '../graph/__fixtures__/mock-models.js';
import { plotConfusionMatrix } from '../plots/confusion-matrix.js';
import { htmlReport, writeHtmlReport } from './html-report.js';

describe('htmlReport', () => {
  it('embeds the history, model and extra plots as inline SVG', () => {
    const html = htmlReport({
      title: 'Reuters <MLP>',
      history: { loss: [1, 0.5] },
      model: sequentialModel(),
      plots: [{ title: 'Confusion', svg: plotConfusionMatrix([0, 1], [0, 1]) }],
    });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Reuters &lt;MLP&gt;</title>');
    expect((html.match(/<svg /g) ?? []).length).toBe(3);
    expect(html).toContain('data-plot="history"');
    expect(html).toContain('data-plot="model"');
    expect(html).toContain('<h2>Confusion</h2>');
    expect(html).not.toContain('<script');
  });

  it('writes the file and refuses an empty report', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'keras-ts-report-'));
    const path = join(directory, 'report.html');
    await writeHtmlReport(path, { history: { loss: [1] } });
    expect(await readFile(path, 'utf8')).toContain('data-plot="history"');
    await rm(directory, { recursive: true, force: true });
    expect(() => htmlReport({})).toThrow(/nothing to show/);
    expect(() => htmlReport({ plots: ['nope'] })).toThrow(/plots\[0\]: expected an SVG string/);
  });
});
