import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const entry = fileURLToPath(new URL('../index.ts', import.meta.url));
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));
let directory = '';
let bundle = '';
let inputs: string[] = [];

/**
 * What a browser bundler makes of the package entry: esbuild's browser platform ('browser',
 * 'import', 'default' conditions, no 'node'), plus 'source' so the workspace resolves without a build.
 */
async function bundleForBrowser(external: string[] = []) {
  return build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    conditions: ['source'],
    external,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

beforeAll(async () => {
  const result = await bundleForBrowser();
  bundle = result.outputFiles[0]!.text;
  inputs = Object.keys(result.metafile.inputs);
  // Inside node_modules so that an executed bundle still resolves the packages it leaves external.
  await mkdir(join(packageRoot, 'node_modules', '.cache'), { recursive: true });
  directory = await mkdtemp(join(packageRoot, 'node_modules', '.cache', 'vis-bundle-'));
});

afterAll(async () => {
  await rm(directory, { recursive: true, force: true });
});

describe('@keras-ts/vis bundled for a browser', () => {
  it('bundles with neither resvg nor any node: module', () => {
    expect(bundle.length).toBeGreaterThan(0);
    expect(inputs.filter((input) => /resvg|platform[/\\]node\.ts|platform[/\\]resvg\.ts/.test(input))).toEqual([]);
    expect(bundle).not.toMatch(/resvg/i);
    expect(bundle).toContain('NodeOnlyError');
    expect(bundle).not.toMatch(/["']node:/);
  });

  it('draws SVG and refuses PNG, files and the dashboard with NodeOnlyError', async () => {
    // Run the browser build in Node. tfjs-core stays external: its browser build cannot start in
    // Node (it detects Node and asks for modules the browser build left out).
    const file = join(directory, 'vis.mjs');
    await writeFile(file, (await bundleForBrowser(['@tensorflow/tfjs-core'])).outputFiles[0]!.text);
    const vis = (await import(pathToFileURL(file).href)) as typeof import('../index.js');
    const svg = vis.plotHistory({ loss: [1, 0.5], val_loss: [1.1, 0.7] });
    expect(svg.startsWith('<svg')).toBe(true);
    await expect(vis.renderPng(svg)).rejects.toThrow(/renderPng .*needs Node.*SVG string/s);
    await expect(vis.savePlot(svg, 'plot.png')).rejects.toBeInstanceOf(vis.NodeOnlyError);
    await expect(vis.savePlot(svg, 'plot.svg')).rejects.toThrow(/writes files, which needs Node/);
    await expect(vis.writeHtmlReport('report.html', { history: { loss: [1] } })).rejects.toThrow(/htmlReport|writes files/);
    await expect(new vis.LiveDashboard().onTrainBegin()).rejects.toThrow(/LiveDashboard serves its page over HTTP, which needs Node/);
  });
});
