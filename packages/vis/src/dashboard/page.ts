import { escapeXml } from '../svg/element.js';
import { FONT_FAMILY } from '../svg/text-width.js';

/** What the dashboard page shows at one moment. */
export interface DashboardState {
  /** Current history plot (SVG), or '' before the first epoch. */
  svg: string;
  /** One status line: epoch, batch, latest logs. */
  status: string;
  /** Number of finished epochs. */
  epochs: number;
  /** Training has ended. */
  done: boolean;
}

/**
 * The dashboard page: the current plot inline, then live updates over
 * Server-Sent Events (`/events`), each carrying a freshly rendered SVG so the
 * browser needs no plotting code of its own.
 */
export function dashboardPage(title: string, state: DashboardState): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(title)}</title>
<style>
body { font-family: ${FONT_FAMILY}; margin: 20px; color: #222; }
h1 { font-size: 20px; margin: 0 0 6px; }
#status { color: #555; margin-bottom: 12px; font-size: 14px; }
#plot svg { max-width: 100%; height: auto; }
.waiting { color: #888; padding: 40px 0; }
</style>
</head>
<body>
<h1>${escapeXml(title)}</h1>
<div id="status">${escapeXml(state.status)}</div>
<div id="plot" data-epochs="${state.epochs}">${state.svg || '<div class="waiting">Waiting for the first epoch…</div>'}</div>
<script>
(function () {
  var plot = document.getElementById('plot');
  var status = document.getElementById('status');
  var source = new EventSource('/events');
  source.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.svg && String(state.epochs) !== plot.getAttribute('data-epochs')) {
      plot.innerHTML = state.svg;
      plot.setAttribute('data-epochs', String(state.epochs));
    }
    status.textContent = state.status;
    if (state.done) source.close();
  };
})();
</script>
</body>
</html>
`;
}
