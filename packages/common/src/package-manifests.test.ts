import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Repository rules on every package.json, run as tests: the scripts that write the fields also
// check them, so there is one definition of each rule.
const scripts = fileURLToPath(new URL('../../../tooling/scripts/', import.meta.url));

function check(script: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [`${scripts}${script}`, '--check'], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('package manifests', () => {
  it('list every file that acts on import in sideEffects (bundlers keep layer and kernel registrations)', () => {
    const result = check('side-effects.mjs');
    expect(result.output).toContain('sideEffects lists are complete');
    expect(result.status).toBe(0);
  });

  it('publish exports and imports without the development-only source condition', () => {
    const result = check('sync-publish-config.mjs');
    expect(result.output).toContain('publishConfig up to date');
    expect(result.status).toBe(0);
  });
});
