import { existsSync } from 'node:fs';
import type { RasterOptions } from './platform.js';

const DEJAVU_DIRECTORIES = ['/usr/share/fonts/truetype/dejavu', '/usr/share/fonts/dejavu', '/usr/share/fonts/TTF'];

function defaultFontFiles(): string[] {
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
 * Renders an SVG with resvg. DejaVu Sans is loaded when installed, since the plots' text layout
 * uses its metrics; otherwise the system fonts are used. resvg is a native module, so it is
 * imported on the first render rather than when vis loads.
 */
export async function rasterizeSvg(svg: string, options: RasterOptions): Promise<Uint8Array> {
  const { Resvg } = await import('@resvg/resvg-js');
  const fontFiles = options.fontFiles ?? defaultFontFiles();
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale },
    background: options.background,
    font: {
      fontFiles,
      loadSystemFonts: fontFiles.length === 0,
      defaultFontFamily: fontFiles.length > 0 ? 'DejaVu Sans' : 'sans-serif',
      sansSerifFamily: fontFiles.length > 0 ? 'DejaVu Sans' : 'sans-serif',
    },
  });
  return new Uint8Array(renderer.render().asPng());
}
