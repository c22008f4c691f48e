import { platform } from '#platform';
import { ValueError } from '@keras-ts/common';

/** Options for {@link renderPng} and {@link savePlot}. */
export interface RenderOptions {
  /** Pixel density: the PNG is `scale` times the SVG's width and height. Default 2 (crisp in reports, like Keras's dpi=200). */
  scale?: number;
  /** Background colour for transparent areas. Default white. */
  background?: string;
  /** Font files to load. Default DejaVu Sans from /usr/share/fonts, else the system fonts. */
  fontFiles?: string[];
}

function checkSvg(svg: unknown): asserts svg is string {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
    throw new ValueError(
      `svg: expected an SVG document string (from plotHistory, plotModel, …), got ${typeof svg === 'string' ? `"${svg.slice(0, 40)}…"` : typeof svg}.`,
    );
  }
}

/**
 * Renders an SVG string to PNG bytes with resvg (Node only; in a browser it throws a
 * `NodeOnlyError` that says how to use the SVG instead). DejaVu Sans is loaded when installed,
 * since the plots' text layout uses its metrics; otherwise the system fonts are used.
 */
export async function renderPng(svg: string, options: RenderOptions = {}): Promise<Uint8Array> {
  checkSvg(svg);
  const scale = options.scale ?? 2;
  if (!(scale > 0) || scale > 16) throw new ValueError(`scale must be in (0, 16], got ${scale}.`);
  return platform.rasterizeSvg(svg, { scale, background: options.background ?? '#ffffff', fontFiles: options.fontFiles });
}

/**
 * Writes a plot to disk (Node only; in a browser it throws a `NodeOnlyError`): `.svg` writes the
 * markup as is, `.png` renders it with {@link renderPng}. Parent directories must exist.
 *
 * @example
 * await savePlot(plotHistory(history), 'history.png');
 */
export async function savePlot(svg: string, path: string, options: RenderOptions = {}): Promise<void> {
  const extension = path.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (extension === 'svg') {
    checkSvg(svg);
    await platform.writeFile(path, svg);
    return;
  }
  if (extension === 'png') {
    await platform.writeFile(path, await renderPng(svg, options));
    return;
  }
  throw new ValueError(`savePlot: unsupported file extension in "${path}"; expected .svg or .png.`);
}
