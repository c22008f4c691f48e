// The default side of the `#platform` seam (package.json `imports`): browsers, workers and any
// runtime without the `node` condition. Every plot still works, since plots are SVG strings; only
// files, PNG and the HTTP dashboard are refused, with the way to get the SVG instead.
import { NodeOnlyError } from './node-only-error.js';
import type { VisPlatform } from './platform.js';

const useTheSvg =
  'In a page, use the SVG string the plot function returned: insert it (element.innerHTML = svg), or download it as a Blob of type image/svg+xml.';

/** The browser platform: everything but drawing throws {@link NodeOnlyError}. */
export const platform: VisPlatform = {
  writeFile: async () => {
    throw new NodeOnlyError('savePlot / writeHtmlReport', 'writes files', useTheSvg);
  },
  rasterizeSvg: async () => {
    throw new NodeOnlyError(
      'renderPng (and savePlot to .png)',
      'renders PNG with a native Node module',
      `${useTheSvg} To get pixels, draw the SVG into a <canvas> through an <img> and call canvas.toBlob().`,
    );
  },
  listen: async () => {
    throw new NodeOnlyError(
      'LiveDashboard',
      'serves its page over HTTP',
      'In a page, draw plotHistory(history) yourself from an onEpochEnd callback and put the SVG in the page.',
    );
  },
};
