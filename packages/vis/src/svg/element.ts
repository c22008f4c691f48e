/** Attribute values accepted by {@link element}; `undefined` and `false` drop the attribute. */
export type AttributeValue = string | number | boolean | undefined;

/** Escapes text for use inside SVG/HTML element content or attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Formats a coordinate with at most two decimals, so SVG text stays small and stable. */
export function formatCoordinate(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/**
 * Builds one SVG element as a string. Numbers are rounded to two decimals,
 * strings are escaped; `children` is inserted verbatim (already-built markup).
 */
export function element(tag: string, attributes: Record<string, AttributeValue>, children?: string | string[]): string {
  let markup = `<${tag}`;
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue;
    const text = typeof value === 'number' ? formatCoordinate(value) : value === true ? name : value;
    markup += ` ${name}="${escapeXml(text)}"`;
  }
  if (children === undefined) return `${markup}/>`;
  const content = Array.isArray(children) ? children.join('') : children;
  return `${markup}>${content}</${tag}>`;
}

/** Options for {@link textElement}. */
export interface TextOptions {
  /** Font size in pixels. Default 12. */
  size?: number;
  /** Horizontal anchor. Default 'start'. */
  anchor?: 'start' | 'middle' | 'end';
  /** Fill colour. Default a near-black grey. */
  fill?: string;
  /** Bold text. */
  bold?: boolean;
  /** Rotation in degrees around (x, y). */
  rotate?: number;
  /** Vertical placement: 'middle' centres the text on y, 'hanging' puts its top at y. Default: baseline at y. */
  baseline?: 'middle' | 'hanging';
  /** Extra attributes (class, data-*). */
  attributes?: Record<string, AttributeValue>;
}

/**
 * A `<text>` element. Vertical centring is done with a computed `dy` rather
 * than `dominant-baseline`, which renderers implement inconsistently.
 */
export function textElement(x: number, y: number, content: string, options: TextOptions = {}): string {
  const size = options.size ?? 12;
  const shift = options.baseline === 'middle' ? size * 0.35 : options.baseline === 'hanging' ? size * 0.76 : 0;
  return element(
    'text',
    {
      x,
      y: y + shift,
      'font-size': size,
      'text-anchor': options.anchor && options.anchor !== 'start' ? options.anchor : undefined,
      'font-weight': options.bold ? 'bold' : undefined,
      fill: options.fill ?? '#222',
      transform: options.rotate ? `rotate(${formatCoordinate(options.rotate)} ${formatCoordinate(x)} ${formatCoordinate(y)})` : undefined,
      ...options.attributes,
    },
    escapeXml(content),
  );
}
