import { element, escapeXml } from './element.js';
import { FONT_FAMILY } from './text-width.js';

/** Options for {@link svgDocument}. */
export interface SvgDocumentOptions {
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /** Accessible title (`<title>`), also shown as a tooltip by browsers. */
  title?: string;
  /** Value of a `data-plot` attribute on the root, naming the plot kind. */
  kind?: string;
  /** Extra `<defs>` content (markers, gradients). */
  definitions?: string;
  /** Background colour; default white so PNGs are not transparent. */
  background?: string;
}

/** Wraps plot markup in a standalone `<svg>` root with a white background and the shared font. */
export function svgDocument(body: string | string[], options: SvgDocumentOptions): string {
  const width = Math.ceil(options.width);
  const height = Math.ceil(options.height);
  const content = [
    options.title ? `<title>${escapeXml(options.title)}</title>` : '',
    options.definitions ? `<defs>${options.definitions}</defs>` : '',
    element('rect', { x: 0, y: 0, width, height, fill: options.background ?? '#ffffff' }),
    Array.isArray(body) ? body.join('') : body,
  ].join('');
  return element(
    'svg',
    {
      xmlns: 'http://www.w3.org/2000/svg',
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      'font-family': FONT_FAMILY,
      'data-plot': options.kind,
    },
    content,
  );
}
