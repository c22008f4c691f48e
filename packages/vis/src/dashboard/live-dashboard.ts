import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { platform } from '#platform';
import { KerasError, ValueError } from '@keras-ts/common';
import { NodeOnlyError } from '../platform/node-only-error.js';
import type { ModelLike } from '../model-graph.js';
import { type PlotHistoryOptions, plotHistory } from '../plots/history.js';
import { type DashboardState, dashboardPage } from './page.js';

/** Epoch/batch logs as Keras callbacks receive them. */
export type Logs = Record<string, number | undefined>;

/** Options for {@link LiveDashboard}. */
export interface LiveDashboardOptions {
  /** Port to listen on; 0 (the default) picks any free port. */
  port?: number;
  /** Interface to bind. Default '127.0.0.1' (this machine only). */
  host?: string;
  /** Keep serving after training ends (call {@link LiveDashboard.close} yourself). Default false. */
  keepOpen?: boolean;
  /** Page title. Default "keras-ts training". */
  title?: string;
  /** Options for the history plot (metrics, size). */
  plotOptions?: PlotHistoryOptions;
  /** Where the URL line is printed. Default console.log. */
  print?: (line: string) => void;
  /** Minimum milliseconds between batch-level status updates. Default 250. */
  batchUpdateInterval?: number;
}

/**
 * A training callback that serves a live page of the training curves on
 * localhost while `fit` runs. On `onTrainBegin` it starts an HTTP server and
 * prints one line, `LiveDashboard: http://127.0.0.1:<port>/`; open it in a
 * browser. Every epoch end pushes a re-drawn plot over Server-Sent Events; batch
 * ends update the status line. The server closes on `onTrainEnd` unless
 * `keepOpen` is set. Endpoints: `/` (page), `/events` (SSE), `/history.json`, `/plot.svg`.
 * Node only: in a browser `onTrainBegin` throws a `NodeOnlyError` (draw `plotHistory` yourself).
 *
 * @example
 * await model.fit(x, y, { epochs: 20, callbacks: [new LiveDashboard({ port: 8050 })] });
 */
export class LiveDashboard {
  /** The model being trained (set by `fit`). */
  model: ModelLike | undefined;
  /** Training parameters from `fit` (`epochs`, `steps`, …). */
  params: Record<string, unknown> = {};
  /** Per-epoch values received so far, keyed by log name. */
  readonly history: Record<string, number[]> = {};
  private readonly options: LiveDashboardOptions;
  private server: Server | undefined;
  private readonly clients = new Set<ServerResponse>();
  private state: DashboardState = { svg: '', status: 'Waiting for training to start…', epochs: 0, done: false };
  private currentEpoch = 0;
  private lastBatchUpdate = 0;
  private address: string | undefined;

  /** Creates the callback; nothing is served until training begins. */
  constructor(options: LiveDashboardOptions = {}) {
    const port = options.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ValueError(`LiveDashboard: port must be an integer in [0, 65535] (0 picks a free port), got ${options.port}.`);
    }
    this.options = options;
  }

  /** The page's URL once the server is listening, else undefined. */
  get url(): string | undefined {
    return this.address;
  }

  /** Called by `fit` with the model being trained. */
  setModel(model: ModelLike): void {
    this.model = model;
  }

  /** Called by `fit` with its parameters (`epochs`, `steps`, `verbose`, …). */
  setParams(params: Record<string, unknown>): void {
    this.params = params;
  }

  /** Starts the server (or reuses it from an earlier `fit` with keepOpen) and clears the history. */
  async onTrainBegin(_logs?: Logs): Promise<void> {
    for (const key of Object.keys(this.history)) delete this.history[key];
    this.state = { svg: '', status: 'Training started; waiting for the first epoch…', epochs: 0, done: false };
    await this.start();
    this.broadcast();
  }

  /** Records the epoch number for the status line. */
  onEpochBegin(epoch: number, _logs?: Logs): void {
    this.currentEpoch = epoch;
  }

  /**
   * Asks the training loop for batch logs only when a status update is due, so
   * the dashboard does not force a read of the metrics from the backend every batch.
   */
  wantsBatchLogs(_batch: number, mode: 'train' | 'test' | 'predict'): boolean {
    return mode === 'train' && Date.now() - this.lastBatchUpdate >= (this.options.batchUpdateInterval ?? 250);
  }

  /** Throttled status update with the running batch logs. */
  onTrainBatchEnd(batch: number, logs?: Logs): void {
    const now = Date.now();
    if (!logs || now - this.lastBatchUpdate < (this.options.batchUpdateInterval ?? 250)) return;
    this.lastBatchUpdate = now;
    const steps = typeof this.params.steps === 'number' ? `/${this.params.steps}` : '';
    this.state = { ...this.state, status: `${this.epochText(this.currentEpoch)} · batch ${batch + 1}${steps}${formatLogs(logs)}` };
    this.broadcast();
  }

  /** Appends the epoch's logs to the history and pushes a re-drawn plot. */
  onEpochEnd(epoch: number, logs?: Logs): void {
    for (const [key, value] of Object.entries(logs ?? {})) {
      if (typeof value !== 'number') continue;
      const series = this.history[key] ?? [];
      // Pad metrics that appear late (e.g. val_ every other epoch) so indices stay aligned with epochs.
      while (series.length < this.state.epochs) series.push(Number.NaN);
      series.push(value);
      this.history[key] = series;
    }
    const epochs = this.state.epochs + 1;
    this.state = { svg: plotHistory(this.history, this.options.plotOptions), status: `${this.epochText(epoch)} done${formatLogs(logs)}`, epochs, done: false };
    this.broadcast();
  }

  /** Marks training finished and closes the server unless `keepOpen` is set. */
  async onTrainEnd(_logs?: Logs): Promise<void> {
    this.state = { ...this.state, status: `Training finished after ${this.state.epochs} epoch${this.state.epochs === 1 ? '' : 's'}.`, done: true };
    this.broadcast();
    if (!this.options.keepOpen) await this.close();
  }

  /** Stops the server and ends open event streams. Safe to call twice. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.address = undefined;
    for (const client of this.clients) client.end();
    this.clients.clear();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  private epochText(epoch: number): string {
    const total = typeof this.params.epochs === 'number' ? `/${this.params.epochs}` : '';
    return `Epoch ${epoch + 1}${total}`;
  }

  private async start(): Promise<void> {
    if (this.server) return;
    const host = this.options.host ?? '127.0.0.1';
    const port = this.options.port ?? 0;
    const server = await platform
      .listen((request, response) => this.handle(request, response), port, host)
      .catch((error: NodeJS.ErrnoException) => {
        if (error instanceof NodeOnlyError) throw error;
        throw new KerasError(`LiveDashboard: cannot listen on ${host}:${port} (${error.code ?? error.message}). Choose another port, or 0 for any free port.`, {
          cause: error,
        });
      });
    const address = server.address();
    const listening = typeof address === 'object' && address ? address.port : port;
    this.server = server;
    this.address = `http://${host.includes(':') ? `[${host}]` : host}:${listening}/`;
    (this.options.print ?? console.log)(`LiveDashboard: ${this.address}`);
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/events') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      response.write(`retry: 1000\ndata: ${JSON.stringify(this.state)}\n\n`);
      this.clients.add(response);
      request.on('close', () => this.clients.delete(response));
      return;
    }
    const routes: Record<string, [string, () => string]> = {
      '/': ['text/html; charset=utf-8', () => dashboardPage(this.options.title ?? 'keras-ts training', this.state)],
      '/history.json': ['application/json', () => JSON.stringify({ history: this.history, epochs: this.state.epochs, done: this.state.done })],
      '/plot.svg': ['image/svg+xml', () => this.state.svg],
    };
    const route = routes[path ?? '/'];
    if (!route) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': route[0], 'cache-control': 'no-cache' }).end(route[1]());
  }

  private broadcast(): void {
    const message = `data: ${JSON.stringify(this.state)}\n\n`;
    for (const client of this.clients) client.write(message);
  }
}

function formatLogs(logs: Logs | undefined): string {
  const entries = Object.entries(logs ?? {}).filter((entry): entry is [string, number] => typeof entry[1] === 'number');
  return entries.length === 0 ? '' : ` · ${entries.map(([key, value]) => `${key} ${value.toPrecision(4)}`).join(' · ')}`;
}
