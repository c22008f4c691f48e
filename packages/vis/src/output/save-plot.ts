/** Options for {@link renderPng} and {@link savePlot}. */
export interface RenderOptions {
  /** Pixel density: the PNG is `scale` times the SVG's width and height. Default 2 (crisp in reports, like Keras's dpi=200). */
  scale?: number;
  /** Background colour for transparent areas. Default white. */
  background?: string;
  /** Font files to load. Default DejaVu Sans from /usr/share/fonts, else the system fonts. */
  fontFiles?: string[];
}

const DEJAVU_DIRECTORIES = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];

async function defaultFontFiles(): Promise<string[]> {
  const { existsSync } = await import('node:fs');
  for (const directory of DEJAVU_DIRECTORIES) {
    const regular = `${directory}/DejaVuSans.ttf`;
    if (existsSync(regular)) {
      const bold = `${directory}/DejaVuSans-Bold.ttf`;
      return existsSync(bold) ? [regular, bold] : [regular];
    }
  }
  return [];
}

/**
 * Renders an SVG string to PNG bytes with resvg (Node only). DejaVu Sans is
 * loaded when installed, since the plots' text layout uses its metrics;
 * otherwise the system fonts are used.
 */
export async function renderPng(svg: string, options: RenderOptions = {}): Promise<Uint8Array> {
  if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
    throw new Error(`svg: expected an SVG document string (from plotHistory, plotModel, …), got ${typeof svg === 'string' ? `"${svg.slice(0, 40)}…"` : typeof svg}.`);
  }
  const scale = options.scale ?? 2;
  if (!(scale > 0) || scale > 16) throw new Error(`scale must be in (0, 16], got ${scale}.`);
  const { Resvg } = await import('@resvg/resvg-js');
  const fontFiles = options.fontFiles ?? (await defaultFontFiles());
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    background: options.background ?? '#ffffff',
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: fontFiles.length > 0 ? 'DejaVu Sans' : 'sans-serif',
      sansSerifFamily: fontFiles.length > 0 ? 'DejaVu Sans' : 'sans-serif',
    },
  });
  return new Uint8Array(renderer.render().asPng());
}

/**
 * Writes a plot to disk (Node only): `.svg` writes the markup as is, `.png`
 * renders it with {@link renderPng}. Parent directories must exist.
 *
 * @example
 * await savePlot(plotHistory(history), 'history.png');
 */
export async function savePlot(svg: string, path: string, options: RenderOptions = {}): Promise<void> {
  const extension = path.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  const { writeFile } = await import('node:fs/promises');
  if (extension === 'svg') {
    if (typeof svg !== 'string' || !svg.trimStart().startsWith('<svg')) {
      throw new Error(`svg: expected an SVG document string, got ${typeof svg}.`);
    }
    await writeFile(path, svg, 'utf8');
    return;
  }
  if (extension === 'png') {
    await writeFile(path, await renderPng(svg, options));
    return;
  }
  throw new Error(`savePlot: unsupported file extension in "${path}"; expected .svg or .png.`);
}
