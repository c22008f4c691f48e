import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const packageRoot = fileURLToPath(new URL('../', import.meta.url));
const addonPath = `${packageRoot}build/Release/keras_ts_distributed.node`;

/** Why the mpirun tests cannot run here, or undefined when they can. */
export function mpirunUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `mpirun tests need Linux (this is ${process.platform})`;
  if (spawnSync('mpirun', ['--version'], { encoding: 'utf8' }).status !== 0)
    return 'mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev; .ci/run installs it)';
  if (!existsSync(addonPath)) return `the collectives addon is not built (${addonPath}); run pnpm build in packages/distributed`;
  return undefined;
}

/** What one launch printed and how it ended. */
export interface Launch {
  code: number | null;
  output: string;
  seconds: number;
}

/** `mpirun -np <ranks> node <script> ...args` (TypeScript through tsx, workspace packages from src). */
export function mpirun(ranks: number, script: string, args: string[], environment: Record<string, string> = {}, timeoutMs = 90_000): Promise<Launch> {
  const exported = Object.keys(environment).flatMap((name) => ['-x', name]);
  // A session folder of its own: two launches started at the same moment otherwise race to create
  // OpenMPI's shared one under /tmp ("A call to mkdir was unable to create … File exists").
  const session = mkdtempSync(join(tmpdir(), 'keras-ts-ompi-'));
  return launch(
    'mpirun',
    [
      '--allow-run-as-root',
      '--oversubscribe',
      '--mca',
      'btl',
      'self,vader',
      '--mca',
      'orte_tmpdir_base',
      session,
      ...exported,
      '-np',
      String(ranks),
      ...nodeCommand(script, args),
    ],
    timeoutMs,
    environment,
  ).finally(() => rmSync(session, { recursive: true, force: true }));
}

/** The same script in one plain process, without mpirun. */
export function single(script: string, args: string[], timeoutMs = 90_000): Promise<Launch> {
  const [command, ...rest] = nodeCommand(script, args);
  return launch(command!, rest, timeoutMs, {});
}

function nodeCommand(script: string, args: string[]): string[] {
  return [process.execPath, '--conditions=source', '--import', 'tsx', `test/scripts/${script}`, ...args];
}

function launch(command: string, args: string[], timeoutMs: number, environment: Record<string, string>): Promise<Launch> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: packageRoot,
      env: { ...process.env, ...environment, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' },
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    child.stderr.on('data', (chunk) => {
      output += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} ${args.join(' ')} did not finish within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output, seconds: (performance.now() - started) / 1000 });
    });
  });
}
