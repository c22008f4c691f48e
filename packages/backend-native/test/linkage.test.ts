import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { nativeStatus } from '../src/index.js';

// The addon links the system's OpenBLAS dynamically (libopenblas.so.0, from libopenblas0 /
// libopenblas-dev); otherwise it may need only the C and C++ runtimes.
const allowed = /^(libopenblas|libc|libm|libstdc\+\+|libpthread|libgcc_s|libdl|ld-linux[-\w]*)\.so/;

function tool(name: string): boolean {
  try {
    execFileSync(name, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const canInspect = nativeStatus.available && process.platform === 'linux' && tool('readelf') && tool('ldd');
const reason = !nativeStatus.available ? nativeStatus.reason : canInspect ? 'addon built' : 'readelf / ldd not available';

describe.skipIf(!canInspect)(`the native addon's run-time dependencies (${reason})`, () => {
  it('declares libopenblas.so.0 and only the C and C++ runtimes besides as NEEDED libraries', () => {
    const dynamic = execFileSync('readelf', ['-d', nativeStatus.addonPath], { encoding: 'utf8' });
    const needed = [...dynamic.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((match) => match[1] ?? '');
    expect(needed).toContain('libopenblas.so.0');
    for (const library of needed) expect(library, `unexpected NEEDED library ${library}`).toMatch(allowed);
  });

  it('resolves every library, OpenBLAS from the system', () => {
    const libraries = execFileSync('ldd', [nativeStatus.addonPath], { encoding: 'utf8' });
    expect(libraries).not.toMatch(/not found/);
    expect(libraries).toMatch(/libopenblas\.so\.0 => \//);
  });

  it('has no debug sections (stripped at link time)', () => {
    const sections = execFileSync('readelf', ['-S', '--wide', nativeStatus.addonPath], { encoding: 'utf8' });
    expect(sections).not.toMatch(/\.debug_info/);
  });
});
