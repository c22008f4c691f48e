// keras-ts as a user gets it: every public package packed, installed with plain npm into a fresh
// folder, then run in Node, type-checked as a consumer, and bundled into pages that Debian's
// Chromium runs (the Vite and webpack pages also load a Keras-made .keras file). Bounded: one
// install, three bundlers, four page loads.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, runPage } from './browser.js';
import { consumerEnvironment, installConsumer } from './consumer.js';
import { checkManifest } from './manifest.js';
import { serveFolder } from './static-server.js';
import { packAll, repositoryRoot, tarballFiles, tarballText } from './workspace.js';

const fixtures = fileURLToPath(new URL('../fixtures/', import.meta.url));
const keep = process.env.KERAS_TS_E2E_DIR;
const work = keep ?? mkdtempSync(join(tmpdir(), 'keras-ts-e2e-'));
const consumer = join(work, 'consumer');
const tarballFolder = join(work, 'tarballs');
/** Screenshots land here (inside the package, ignored by git) so a person can look at them. */
const screenshots = fileURLToPath(new URL('../out/', import.meta.url));
let tarballs = new Map<string, string>();
let treeBefore = '';

function gitStatus(): string {
  return execFileSync('git', ['status', '--porcelain', '--untracked-files=all'], { cwd: repositoryRoot, encoding: 'utf8' });
}

/** Runs a binary the consumer installed (tsc, vite, esbuild) in the consumer folder. */
function consumerBin(name: string, args: string[], cwd = consumer): { status: number | null; output: string } {
  const result = spawnSync(join(consumer, 'node_modules', '.bin', name), args, { cwd, encoding: 'utf8', env: consumerEnvironment() });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  rmSync(consumer, { recursive: true, force: true });
  rmSync(tarballFolder, { recursive: true, force: true });
  mkdirSync(tarballFolder, { recursive: true });
  mkdirSync(screenshots, { recursive: true });
  treeBefore = gitStatus();
  tarballs = packAll(tarballFolder);
  installConsumer(consumer, tarballs);
});

afterAll(() => {
  if (keep === undefined) rmSync(work, { recursive: true, force: true });
});

describe('packed packages', () => {
  it('pack without rewriting any file in the repository', () => {
    expect(gitStatus()).toBe(treeBefore);
  });

  it('publish manifests that name only files they ship, with no source condition or workspace versions', () => {
    for (const [name, tarball] of tarballs) {
      const manifest = JSON.parse(tarballText(tarball, 'package.json')) as Record<string, unknown>;
      expect(checkManifest(manifest, tarballFiles(tarball)), name).toEqual([]);
    }
  });

  it('embed their sources in their source maps', () => {
    for (const [name, tarball] of tarballs) {
      const map = tarballFiles(tarball).find((file) => file.endsWith('.js.map'));
      if (map === undefined) continue;
      const parsed = JSON.parse(tarballText(tarball, map)) as { sources: string[]; sourcesContent?: (string | null)[] };
      expect(parsed.sourcesContent?.length, `${name} ${map}`).toBe(parsed.sources.length);
      expect(
        parsed.sourcesContent?.every((content) => typeof content === 'string' && content.length > 0),
        `${name} ${map}`,
      ).toBe(true);
    }
  });
});

describe('in Node, installed with plain npm', () => {
  it("runs the README's 'Using it' snippet as written", () => {
    const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Using it'));
    const snippet = /```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(snippet, 'README has a ts block under "## Using it"').toBeDefined();
    writeFileSync(join(consumer, 'snippet.mts'), snippet!);
    const compile = consumerBin('tsc', [
      'snippet.mts',
      '--module',
      'nodenext',
      '--target',
      'es2022',
      '--strict',
      '--skipLibCheck',
      '--types',
      'node',
      '--outDir',
      'snippet-out',
    ]);
    expect(compile.output).toBe('');
    const run = spawnSync(process.execPath, [join(consumer, 'snippet-out', 'snippet.mjs')], {
      cwd: consumer,
      encoding: 'utf8',
      env: consumerEnvironment(),
      timeout: 280_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/test accuracy: 0\.\d+/);
    expect(run.stderr).not.toMatch(/tfjs-node|Hi, looks like/);
  });

  for (const resolution of ['nodenext', 'bundler'] as const) {
    it(`type-checks a Keras-style consumer under strict ${resolution} resolution, with no casts`, () => {
      const source = readFileSync(join(fixtures, 'keras-style.ts'), 'utf8');
      expect(source).not.toMatch(/\bas\s+(tf\.)?(Tensor|SymbolicTensor)\b|as unknown|@ts-(ignore|expect-error)/);
      const folder = join(consumer, `types-${resolution}`);
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, 'keras-style.ts'), source);
      const compilerOptions = {
        strict: true,
        noEmit: true,
        target: 'es2022',
        module: resolution === 'nodenext' ? 'nodenext' : 'esnext',
        moduleResolution: resolution,
        lib: ['es2022', 'dom'],
        // Our declaration files are checked too; tfjs-core's need the @types it depends on (long).
        skipLibCheck: false,
      };
      writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['keras-style.ts'] }));
      const check = consumerBin('tsc', ['-p', folder]);
      expect(check.output).toBe('');
      expect(check.status).toBe(0);
    });
  }
});

/** Writes the page's sources for one bundler into `folder` and returns it. */
function pageSources(folder: string, entry: string): string {
  mkdirSync(folder, { recursive: true });
  for (const file of readdirSync(join(fixtures, 'page'))) cpSync(join(fixtures, 'page', file), join(folder, file));
  const html = readFileSync(join(folder, 'index.html'), 'utf8').replace('./ENTRY', `./${entry}`);
  writeFileSync(join(folder, 'index.html'), html);
  return folder;
}

/** The Keras-made files the Vite and webpack pages load (see fixtures/page/keras-file.ts). */
const kerasFixtures = join(repositoryRoot, 'packages', 'core', 'src', 'saving', 'keras3', '__fixtures__');

function serveKerasFixtures(dist: string): void {
  for (const file of ['mlp.keras', 'mlp.weights.h5', 'mlp.json']) cpSync(join(kerasFixtures, file), join(dist, file));
}

/** The page loaded the Keras-made .keras with Keras's predictions and round-tripped it through downloads://. */
function expectKerasFile(result: Record<string, unknown>, requests: string[]): void {
  expect(result.kerasMaxError as number, JSON.stringify(result)).toBeLessThanOrEqual(1e-5);
  expect(result.kerasRoundTripDifference).toBe(0);
  expect(requests).toEqual(expect.arrayContaining(['/mlp.keras', '/mlp.weights.h5']));
}

function expectTrainedPage(result: Record<string, unknown>): void {
  expect(result.error, JSON.stringify(result)).toBeUndefined();
  expect(result.backend).toBe('wasm');
  const loss = result.loss as number[];
  expect(loss).toHaveLength(8);
  expect(loss[7]!).toBeLessThan(loss[0]! * 0.7);
  expect(result.maxPredictionDifference).toBe(0);
  expect(result.leakedTensors).toBe(0);
  // Chromium has relaxed SIMD: the product fuses its multiply-adds wherever the processor has FMA.
  const hasFma = processorHasFma();
  if (hasFma !== undefined) expect(result.fusedMultiplyAdd).toBe(hasFma);
  expect(result.productMaxError as number).toBeLessThan(1e-4);
}

/** Whether this x64 Linux processor has FMA (undefined where /proc/cpuinfo does not say). */
function processorHasFma(): boolean | undefined {
  const flags = process.arch === 'x64' && existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8').match(/^flags\s*:(.*)$/m)?.[1] : undefined;
  return flags === undefined ? undefined : /\sfma(\s|$)/.test(flags);
}

describe.skipIf(chromiumPath === undefined)('in Debian Chromium (headless)', () => {
  it('a Vite-built page trains on wasm with default fit options and reloads its model from IndexedDB', async () => {
    const folder = pageSources(join(consumer, 'page-vite'), 'vite-main.ts');
    const build = consumerBin('vite', ['build', '--logLevel', 'warn', '--outDir', 'dist', '--emptyOutDir'], folder);
    expect(build.status, build.output).toBe(0);
    const emitted = readdirSync(join(folder, 'dist', 'assets'));
    expect(
      emitted.some((file) => file.endsWith('.wasm')),
      emitted.join(', '),
    ).toBe(true);
    // h5wasm (4 MB with its wasm) is a chunk of its own, fetched only when a Keras file is read.
    const h5Chunk = emitted.find((file) => file.startsWith('hdf5_hl') && file.endsWith('.js'));
    expect(h5Chunk, emitted.join(', ')).toBeDefined();
    serveKerasFixtures(join(folder, 'dist'));
    const { url, server, requests } = await serveFolder(join(folder, 'dist'));
    try {
      const { result, console: lines } = await runPage(url, join(screenshots, 'vite-page.png'));
      expect(
        requests.some((path) => path.endsWith('.wasm')),
        requests.join(', '),
      ).toBe(true);
      expectTrainedPage(result);
      expectKerasFile(result, requests);
      expect(requests).toContain(`/assets/${h5Chunk}`);
      expect(lines.join('\n')).toMatch(/Epoch 8\/8/);
    } finally {
      server.close();
    }
  });

  it('a webpack-built page (webpack 5 defaults) trains on wasm and reloads its model from IndexedDB', async () => {
    const folder = pageSources(join(consumer, 'page-webpack'), 'main.js');
    // webpack without a TypeScript loader: the page's TypeScript is compiled to plain ES modules first.
    const compile = consumerBin(
      'tsc',
      [
        'train.ts',
        'vite-main.ts',
        '--module',
        'esnext',
        '--moduleResolution',
        'bundler',
        '--target',
        'es2022',
        '--lib',
        'es2022,dom',
        '--strict',
        '--skipLibCheck',
        '--outDir',
        'js',
      ],
      folder,
    );
    expect(compile.output).toBe('');
    const build = consumerBin('webpack', ['--mode', 'production', '--entry', './js/vite-main.js', '--output-path', 'dist', '--no-stats'], folder);
    expect(build.status, build.output).toBe(0);
    const emitted = readdirSync(join(folder, 'dist'));
    expect(
      emitted.some((file) => file.endsWith('.wasm')),
      emitted.join(', '),
    ).toBe(true);
    writeFileSync(join(folder, 'dist', 'index.html'), readFileSync(join(folder, 'index.html'), 'utf8').replace('type="module" ', ''));
    serveKerasFixtures(join(folder, 'dist'));
    const { url, server, requests } = await serveFolder(join(folder, 'dist'));
    try {
      const { result } = await runPage(url, join(screenshots, 'webpack-page.png'));
      expect(
        requests.some((path) => path.endsWith('.wasm')),
        requests.join(', '),
      ).toBe(true);
      expectTrainedPage(result);
      expectKerasFile(result, requests);
      // webpack splits the dynamic import of h5wasm into a chunk of its own too.
      expect(requests.filter((path) => path.endsWith('.js') && path !== '/main.js').length, requests.join(', ')).toBeGreaterThan(0);
    } finally {
      server.close();
    }
  });

  it("the README's 'Use it in a browser' snippet, verbatim, type-checks and runs in a Vite page", async () => {
    const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Use it in a browser'));
    const snippet = /`src\/main\.ts`:\n\n```ts\n([\s\S]*?)```/.exec(section)?.[1];
    expect(snippet, 'README has the src/main.ts block under "## Use it in a browser"').toBeDefined();
    const folder = join(consumer, 'page-readme');
    mkdirSync(join(folder, 'src'), { recursive: true });
    writeFileSync(join(folder, 'src', 'main.ts'), snippet!);
    writeFileSync(join(folder, 'index.html'), '<!doctype html><title>readme</title><script type="module" src="/src/main.ts"></script>\n');
    const compilerOptions = {
      strict: true,
      noEmit: true,
      target: 'es2022',
      module: 'esnext',
      moduleResolution: 'bundler',
      lib: ['es2022', 'dom'],
      skipLibCheck: true,
    };
    writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }));
    const check = consumerBin('tsc', ['-p', folder]);
    expect(check.output).toBe('');
    const build = consumerBin('vite', ['build', '--logLevel', 'warn', '--outDir', 'dist', '--emptyOutDir'], folder);
    expect(build.status, build.output).toBe(0);
    const { url, server } = await serveFolder(join(folder, 'dist'));
    try {
      const { console: lines } = await runPage(url, join(screenshots, 'readme-page.png'), 240_000, /reloaded prediction shape/);
      const text = lines.join('\n');
      expect(text).toMatch(/Epoch 5\/5/);
      expect(text).toMatch(/reloaded prediction shape \[?256, ?1\]?/);
    } finally {
      server.close();
    }
  });

  it('an esbuild-built page trains with setWasmPaths, and a wrong wasm path is an error naming the URL', async () => {
    const folder = pageSources(join(consumer, 'page-esbuild'), 'main.js');
    const out = join(folder, 'dist');
    mkdirSync(join(out, 'wasm'), { recursive: true });
    const build = consumerBin(
      'esbuild',
      [
        join(folder, 'esbuild-main.ts'),
        '--bundle',
        '--format=esm',
        '--platform=browser',
        '--target=es2022',
        `--outfile=${join(out, 'main.js')}`,
        '--log-level=warning',
      ],
      folder,
    );
    expect(build.status, build.output).toBe(0);
    const wasmFolder = join(consumer, 'node_modules', '@keras-ts', 'backend-wasm', 'wasm');
    for (const file of readdirSync(wasmFolder)) if (file.endsWith('.wasm')) cpSync(join(wasmFolder, file), join(out, 'wasm', file));
    cpSync(join(folder, 'index.html'), join(out, 'index.html'));
    const { url, server } = await serveFolder(out);
    try {
      const trained = await runPage(url, join(screenshots, 'esbuild-page.png'));
      expectTrainedPage(trained.result);
      const missing = await runPage(`${url}?wasm=missing`, join(screenshots, 'esbuild-missing-wasm.png'));
      expect(missing.result.error).toMatch(/no-such-folder\/.*\.wasm/);
      // An error, not a silent fallback: nothing trained.
      expect(missing.result.loss).toBeUndefined();
    } finally {
      server.close();
    }
  });
});

describe('bundle sizes', () => {
  it('core + layers + optimizers + backend-wasm bundle for the browser; vis draws SVG without resvg', () => {
    const entries: Record<string, string> = {
      core: "export * from '@keras-ts/core';",
      layers: "export * from '@keras-ts/layers';",
      optimizers: "export * from '@keras-ts/optimizers';",
      'backend-wasm': "export * from '@keras-ts/backend-wasm';",
      'core+layers+optimizers+backend-wasm': [
        "export * from '@keras-ts/core';",
        "export * from '@keras-ts/layers';",
        "export { Adam, RMSprop, SGD } from '@keras-ts/optimizers';",
        "import '@keras-ts/backend-wasm';",
      ].join('\n'),
      vis: "export { plotHistory, plotModel } from '@keras-ts/vis';",
    };
    const folder = join(consumer, 'sizes');
    mkdirSync(folder, { recursive: true });
    const sizes: Record<string, number> = {};
    for (const [name, code] of Object.entries(entries)) {
      writeFileSync(join(folder, `${name}.js`), code);
      const outdir = join(folder, 'out', name);
      const metafile = join(folder, 'out', `${name}.meta.json`);
      // With code splitting, as Vite and webpack do by default: what loads lazily (h5wasm, the
      // Keras-file code) goes to chunks of its own; the size is what a page loads up front.
      const build = consumerBin(
        'esbuild',
        [
          join(folder, `${name}.js`),
          '--bundle',
          '--splitting',
          '--minify',
          '--format=esm',
          '--platform=browser',
          `--outdir=${outdir}`,
          `--metafile=${metafile}`,
          '--log-level=error',
          '--external:@tensorflow/tfjs-core',
        ],
        folder,
      );
      expect(build.status, `${name}: ${build.output}`).toBe(0);
      const { outputs } = JSON.parse(readFileSync(metafile, 'utf8')) as {
        outputs: Record<string, { entryPoint?: string; imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }>;
      };
      const loaded = new Set([Object.keys(outputs).find((output) => outputs[output]!.entryPoint !== undefined)!]);
      for (const output of loaded)
        for (const item of outputs[output]!.imports) if (item.kind === 'import-statement' && item.external !== true) loaded.add(item.path);
      const texts = [...loaded].map((output) => readFileSync(join(folder, output), 'utf8'));
      for (const text of texts) expect(text, name).not.toMatch(/from\s*"node:|require\("node:/);
      if (name === 'vis') expect(texts.join('')).not.toContain('resvg');
      expect(
        [...loaded].flatMap((output) => Object.keys(outputs[output]!.inputs)).filter((input) => input.includes('h5wasm')),
        name,
      ).toEqual([]);
      sizes[name] = texts.reduce((total, text) => total + text.length, 0);
    }
    console.log(`minified bundle sizes loaded up front (bytes, tfjs-core external): ${JSON.stringify(sizes)}`);
    // Before Keras files worked in browsers core was 378,903 bytes; h5wasm (5.7 MB) must not join it.
    expect(sizes.core!).toBeLessThan(420_000);
    writeFileSync(join(screenshots, 'bundle-sizes.json'), `${JSON.stringify(sizes, null, 2)}\n`);
    expect(existsSync(join(screenshots, 'bundle-sizes.json'))).toBe(true);
  });
});
