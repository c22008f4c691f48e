import { element, textElement } from './element.js';
import { AXIS_COLOR, GRID_COLOR, LABEL_COLOR } from './palette.js';
import { linearScale, logScale, type Scale } from './scale.js';
import { linearTicks, logTicks, type Tick } from './ticks.js';
import { textWidth } from './text-width.js';

/** A rectangle in pixels. */
export interface Box {
  /** Left edge. */
  x: number;
  /** Top edge. */
  y: number;
  /** Width. */
  width: number;
  /** Height. */
  height: number;
}

/** One axis of a {@link cartesianAxes} panel. */
export interface AxisSpec {
  /** Data domain [low, high]. */
  domain: [number, number];
  /** Logarithmic axis (domain must be positive). */
  log?: boolean;
  /** Axis title. */
  label?: string;
  /** Explicit ticks; default nice linear or log ticks. */
  ticks?: Tick[];
  /** Approximate tick count for linear axes. Default 5 on x, 6 on y. */
  tickCount?: number;
}

/** Options for {@link cartesianAxes}. */
export interface CartesianOptions {
  /** Outer box of the panel (axes labels and title included). */
  box: Box;
  /** Horizontal axis. */
  x: AxisSpec;
  /** Vertical axis. */
  y: AxisSpec;
  /** Panel title drawn above the plot area. */
  title?: string;
  /** Font size of tick labels. Default 12. */
  fontSize?: number;
}

/** What {@link cartesianAxes} returns: the plot area, its scales and the background markup. */
export interface CartesianPanel {
  /** Inner plot area, where data is drawn. */
  area: Box;
  /** Horizontal scale (data → pixels). */
  xScale: Scale;
  /** Vertical scale (data → pixels, increasing upwards). */
  yScale: Scale;
  /** Grid, frame, ticks, tick labels, axis labels and title. */
  markup: string;
}

/**
 * Lays out one x/y panel inside `box`: reserves room for tick labels, axis
 * labels and the title (measured, so nothing is clipped), then draws grid
 * lines, the frame and labelled ticks.
 */
export function cartesianAxes(options: CartesianOptions): CartesianPanel {
  const fontSize = options.fontSize ?? 12;
  const xTicks = options.x.ticks ?? (options.x.log ? logTicks(...options.x.domain) : linearTicks(...options.x.domain, options.x.tickCount ?? 6));
  const yTicks = options.y.ticks ?? (options.y.log ? logTicks(...options.y.domain) : linearTicks(...options.y.domain, options.y.tickCount ?? 6));
  const yLabelWidth = Math.max(0, ...yTicks.map((tick) => textWidth(tick.label, fontSize)));
  const lastXLabel = [...xTicks].reverse().find((tick) => tick.label !== '');
  const left = options.box.x + 8 + (options.y.label ? fontSize * 1.6 : 0) + yLabelWidth + 8;
  const top = options.box.y + (options.title ? fontSize * 2.6 : fontSize);
  // Leave room on the right for half of the last x tick label.
  const right = options.box.x + options.box.width - Math.max(12, lastXLabel ? textWidth(lastXLabel.label, fontSize) / 2 + 4 : 0);
  const bottom = options.box.y + options.box.height - (fontSize * 1.9 + (options.x.label ? fontSize * 1.6 : 0) + 4);
  const area: Box = { x: left, y: top, width: Math.max(10, right - left), height: Math.max(10, bottom - top) };
  const xRange: [number, number] = [area.x, area.x + area.width];
  const yRange: [number, number] = [area.y + area.height, area.y];
  const xScale = options.x.log ? logScale(options.x.domain, xRange) : linearScale(options.x.domain, xRange);
  const yScale = options.y.log ? logScale(options.y.domain, yRange) : linearScale(options.y.domain, yRange);

  const parts: string[] = [];
  const grid: string[] = [];
  const marks: string[] = [];
  for (const tick of xTicks) {
    const px = xScale.map(tick.value);
    const major = tick.label !== '' || !options.x.log;
    if (major) grid.push(`M${round(px)} ${round(area.y)}V${round(area.y + area.height)}`);
    marks.push(`M${round(px)} ${round(area.y + area.height)}v${major ? 5 : 3}`);
    if (tick.label) {
      parts.push(
        textElement(px, area.y + area.height + 7, tick.label, {
          size: fontSize,
          anchor: 'middle',
          baseline: 'hanging',
          fill: LABEL_COLOR,
          attributes: { class: 'tick-label x' },
        }),
      );
    }
  }
  for (const tick of yTicks) {
    const py = yScale.map(tick.value);
    const major = tick.label !== '' || !options.y.log;
    if (major) grid.push(`M${round(area.x)} ${round(py)}H${round(area.x + area.width)}`);
    marks.push(`M${round(area.x)} ${round(py)}h${major ? -5 : -3}`);
    if (tick.label) {
      parts.push(
        textElement(area.x - 8, py, tick.label, {
          size: fontSize,
          anchor: 'end',
          baseline: 'middle',
          fill: LABEL_COLOR,
          attributes: { class: 'tick-label y' },
        }),
      );
    }
  }
  const markup = [
    element('path', { d: grid.join(''), stroke: GRID_COLOR, 'stroke-width': 1, fill: 'none', class: 'grid' }),
    element('rect', { x: area.x, y: area.y, width: area.width, height: area.height, fill: 'none', stroke: AXIS_COLOR, 'stroke-width': 1, class: 'frame' }),
    element('path', { d: marks.join(''), stroke: AXIS_COLOR, 'stroke-width': 1, fill: 'none', class: 'ticks' }),
    ...parts,
  ];
  if (options.x.label) {
    markup.push(
      textElement(area.x + area.width / 2, options.box.y + options.box.height - 6, options.x.label, {
        size: fontSize + 1,
        anchor: 'middle',
        attributes: { class: 'axis-label x' },
      }),
    );
  }
  if (options.y.label) {
    const cx = options.box.x + 8 + fontSize;
    const cy = area.y + area.height / 2;
    markup.push(textElement(cx, cy, options.y.label, { size: fontSize + 1, anchor: 'middle', rotate: -90, attributes: { class: 'axis-label y' } }));
  }
  if (options.title) {
    markup.push(
      textElement(area.x + area.width / 2, options.box.y + fontSize * 1.5, options.title, {
        size: fontSize + 2,
        anchor: 'middle',
        bold: true,
        attributes: { class: 'panel-title' },
      }),
    );
  }
  return { area, xScale, yScale, markup: markup.join('') };
}

function round(value: number): string {
  return String(Math.round(value * 100) / 100);
}
