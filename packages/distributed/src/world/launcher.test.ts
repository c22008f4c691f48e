import { describe, expect, it } from 'vitest';
import { detectLauncher } from './launcher.js';

describe('detectLauncher', () => {
  it("recognises OpenMPI's mpirun by OMPI_COMM_WORLD_SIZE, with the local rank", () => {
    expect(detectLauncher({ OMPI_COMM_WORLD_SIZE: '4', OMPI_COMM_WORLD_LOCAL_RANK: '1' })).toEqual({
      launched: true,
      size: 4,
      localRank: 1,
      evidence: 'OMPI_COMM_WORLD_SIZE',
    });
  });

  it('recognises PMIx and PMI launchers', () => {
    expect(detectLauncher({ PMIX_RANK: '0' })).toMatchObject({ launched: true, evidence: 'PMIX_RANK' });
    expect(detectLauncher({ PMI_SIZE: '2' })).toMatchObject({ launched: true, size: 2, evidence: 'PMI_SIZE' });
  });

  it('sees no launcher in a plain process', () => {
    expect(detectLauncher({})).toEqual({ launched: false });
    expect(detectLauncher({ OMPI_COMM_WORLD_SIZE: '' })).toEqual({ launched: false });
  });
});
