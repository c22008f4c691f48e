import { platform } from '#platform';
import { ValueError } from '@keras-ts/common';
import { type HistoryLike, type PlotHistoryOptions, plotHistory } from '../plots/history.js';
import { type PlotModelOptions, plotModel } from '../plots/model.js';
import type { ModelLike } from '../model-graph.js';
import { escapeXml } from '../svg/element.js';
import { FONT_FAMILY } from '../svg/text-width.js';

/** A plot for a report: an SVG string, optionally with a heading. */
export type ReportPlot = string | { title?: string; svg: string };

/** Options for {@link htmlReport} and {@link writeHtmlReport}. */
export interface HtmlReportOptions {
  /** Page title and heading. Default "Training report". */
  title?: string;
  /** Paragraph under the heading (plain text). */
  description?: string;
  /** Training history, drawn with {@link plotHistory}. */
  history?: HistoryLike;
  /** Options for the history plot. */
  historyOptions?: PlotHistoryOptions;
  /** A model, drawn with {@link plotModel}. */
  model?: ModelLike;
  /** Options for the model plot. Default `{ showShapes: true }`. */
  modelOptions?: PlotModelOptions;
  /** Further plots (confusion matrix, images, …), in order. */
  plots?: ReportPlot[];
}

/**
 * A self-contained HTML page embedding the given plots as inline SVG (no
 * scripts, no external files), for sharing or archiving a training run.
 */
export function htmlReport(options: HtmlReportOptions): string {
  const sections: { title: string; svg: string }[] = [];
  if (options.history) sections.push({ title: 'Training history', svg: plotHistory(options.history, options.historyOptions) });
  if (options.model) sections.push({ title: `Model: ${options.model.name}`, svg: plotModel(options.model, options.modelOptions ?? { showShapes: true }) });
  (options.plots ?? []).forEach((plot, index) => {
    const entry = typeof plot === 'string' ? { svg: plot } : plot;
    if (typeof entry.svg !== 'string' || !entry.svg.trimStart().startsWith('<svg')) {
      throw new ValueError(`plots[${index}]: expected an SVG string (from plotConfusionMatrix, plotImages, …), got ${typeof entry.svg}.`);
    }
    sections.push({ title: entry.title ?? '', svg: entry.svg });
  });
  if (sections.length === 0) throw new ValueError('htmlReport: nothing to show; pass history, model or plots.');
  const title = options.title ?? 'Training report';
  const body = sections
    .map((section) => `<section>${section.title ? `<h2>${escapeXml(section.title)}</h2>` : ''}<div class="plot">${section.svg}</div></section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeXml(title)}</title>
<style>
body { font-family: ${FONT_FAMILY}; margin: 24px auto; max-width: 1400px; padding: 0 16px; color: #222; }
h1 { font-size: 24px; } h2 { font-size: 18px; margin-top: 32px; }
.plot svg { max-width: 100%; height: auto; border: 1px solid #e5e5e5; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
${options.description ? `<p>${escapeXml(options.description)}</p>` : ''}
${body}
</body>
</html>
`;
}

/**
 * Writes {@link htmlReport}'s page to `path` (Node only; in a browser it throws a
 * `NodeOnlyError`, and {@link htmlReport} gives the page as a string).
 */
export async function writeHtmlReport(path: string, options: HtmlReportOptions): Promise<void> {
  await platform.writeFile(path, htmlReport(options));
}
