import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Options for rasterising an SVG; see `RenderOptions`. */
export interface RasterOptions {
  scale: number;
  background: string;
  fontFiles: string[] | undefined;
}

/**
 * What vis needs from the runtime beyond drawing SVG strings: file writes, PNG rendering and an
 * HTTP server (TensorFlow.js's platform split). package.json's `imports` map picks the
 * implementation as `#platform`: `node.ts` under the `node` condition, `browser.ts` elsewhere,
 * whose functions throw a `NodeOnlyError` that says how to get the SVG instead. A browser bundle
 * therefore contains neither resvg nor `node:*` modules.
 */
export interface VisPlatform {
  /** Writes text (UTF-8) or bytes to `path`. */
  writeFile(path: string, data: string | Uint8Array): Promise<void>;
  /** PNG bytes of an SVG document. */
  rasterizeSvg(svg: string, options: RasterOptions): Promise<Uint8Array>;
  /** Starts an HTTP server on `host:port` (0 = any free port) and resolves once it listens. */
  listen(handler: (request: IncomingMessage, response: ServerResponse) => void, port: number, host: string): Promise<Server>;
}
