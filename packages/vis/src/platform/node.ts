// The Node side of the `#platform` seam (package.json `imports`, `node` condition).
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { VisPlatform } from './platform.js';
import { rasterizeSvg } from './resvg.js';

/** The Node platform: files with node:fs, PNG with resvg, the dashboard with node:http. */
export const platform: VisPlatform = {
  writeFile: (path, data) => writeFile(path, data, typeof data === 'string' ? 'utf8' : undefined),
  rasterizeSvg,
  listen: (handler, port, host) => {
    const server = createServer(handler);
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  },
};
