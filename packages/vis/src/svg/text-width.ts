// Advance widths of DejaVu Sans (regular and bold) for printable ASCII, in
// thousandths of an em, read from the font's hmtx table. Layout needs text widths
// before anything is rendered (in Node there is no DOM to measure with), and
// DejaVu Sans is the font savePlot embeds, so these numbers are exact there and a
// close, slightly generous estimate for the sans-serif fallbacks of browsers.
const REGULAR = [
  318, 401, 460, 838, 636, 950, 780, 275, 390, 390, 500, 838, 318, 361, 318, 337, 636, 636, 636, 636, 636, 636, 636, 636, 636, 636, 337, 337, 838, 838, 838,
  531, 1000, 684, 686, 698, 770, 632, 575, 775, 752, 295, 295, 656, 557, 863, 748, 787, 603, 787, 695, 635, 611, 732, 684, 989, 685, 611, 685, 390, 337, 390,
  838, 500, 500, 613, 635, 550, 635, 615, 352, 635, 634, 278, 278, 579, 278, 974, 634, 612, 635, 635, 411, 521, 392, 634, 592, 818, 592, 592, 525, 636, 337,
  636, 838,
];
const BOLD = [
  348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380, 365, 696, 696, 696, 696, 696, 696, 696, 696, 696, 696, 400, 400, 838, 838, 838,
  580, 1000, 774, 762, 734, 830, 683, 683, 821, 837, 372, 372, 775, 637, 995, 837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, 457, 365, 457,
  838, 500, 500, 675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, 712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, 712, 365,
  712, 838,
];

/** The font stack every plot uses; savePlot loads DejaVu Sans for PNG output. */
export const FONT_FAMILY = "'DejaVu Sans', Verdana, 'Bitstream Vera Sans', sans-serif";

/**
 * Estimated rendered width of `text` in pixels at `fontSize`, using DejaVu Sans
 * metrics (characters outside ASCII count as a wide glyph).
 */
export function textWidth(text: string, fontSize: number, bold = false): number {
  const table = bold ? BOLD : REGULAR;
  let total = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    total += code >= 32 && code < 127 ? (table[code - 32] ?? 1000) : 1000;
  }
  return (total / 1000) * fontSize;
}

/** Shortens `text` with an ellipsis so that it fits into `maxWidth` pixels. */
export function fitText(text: string, fontSize: number, maxWidth: number, bold = false): string {
  if (textWidth(text, fontSize, bold) <= maxWidth) return text;
  let kept = text;
  while (kept.length > 1 && textWidth(`${kept}…`, fontSize, bold) > maxWidth) kept = kept.slice(0, -1);
  return `${kept}…`;
}
