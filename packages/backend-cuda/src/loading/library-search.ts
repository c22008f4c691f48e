import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** The two libraries the addon opens at run time. */
export type CudaLibrary = 'cublas' | 'cudnn';

/** Where a library was found, and which rule of the search order found it. */
export interface ResolvedLibrary {
  /** Full path to open, or a bare soname handed to the system loader. */
  path: string;
  /** Which rule matched: the environment variable, a Python wheel, `LD_LIBRARY_PATH`, or the loader's own search. */
  source: 'environment' | 'wheel' | 'ld-library-path' | 'system';
}

/** Inputs of the search, injectable so tests need no real CUDA install. */
export interface LibrarySearchOptions {
  /** Environment to read `KERAS_TS_CUDA_LIBRARY_PATH` and `LD_LIBRARY_PATH` from. Default: `process.env`. */
  env?: Record<string, string | undefined>;
  /** Python site-packages folders to look in for NVIDIA wheels. Default: {@link defaultSitePackages}. */
  sitePackages?: string[];
  /** File-existence check. Default: `fs.existsSync`. */
  exists?: (path: string) => boolean;
}

/** The sonames tried for each library, newest first (CUDA 13 builds, then CUDA 12). */
export const LIBRARY_SONAMES: Record<CudaLibrary, string[]> = {
  cublas: ['libcublas.so.13', 'libcublas.so.12', 'libcublas.so'],
  cudnn: ['libcudnn.so.9', 'libcudnn.so'],
};

/**
 * Folders inside a site-packages folder where NVIDIA's wheels put each library:
 * `nvidia/cublas/lib` (CUDA 12 wheels), `nvidia/cu13/lib` (the CUDA 13 cuBLAS wheel), `nvidia/cudnn/lib`.
 */
export const WHEEL_LIBRARY_FOLDERS: Record<CudaLibrary, string[]> = {
  cublas: ['nvidia/cublas/lib', 'nvidia/cu13/lib', 'nvidia/cu12/lib'],
  cudnn: ['nvidia/cudnn/lib'],
};

/** The environment variable holding extra library folders (separated like `PATH`), searched first. */
export const LIBRARY_PATH_VARIABLE = 'KERAS_TS_CUDA_LIBRARY_PATH';

function splitPath(value: string | undefined): string[] {
  return (value ?? '').split(delimiter).filter((entry) => entry.length > 0);
}

/**
 * Finds a library in this order: the folders in `KERAS_TS_CUDA_LIBRARY_PATH`; the NVIDIA wheel
 * folders under each Python site-packages folder; the folders in `LD_LIBRARY_PATH`; and last the
 * bare soname, left to the system loader (`ld.so.cache`, `/usr/lib`, …).
 */
export function resolveLibrary(library: CudaLibrary, options: LibrarySearchOptions = {}): ResolvedLibrary {
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const sonames = LIBRARY_SONAMES[library];
  const lookIn = (folders: string[]): string | undefined => {
    for (const folder of folders) {
      for (const soname of sonames) {
        const candidate = join(folder, soname);
        if (exists(candidate)) return candidate;
      }
    }
    return undefined;
  };
  const fromEnvironment = lookIn(splitPath(env[LIBRARY_PATH_VARIABLE]));
  if (fromEnvironment !== undefined) return { path: fromEnvironment, source: 'environment' };
  const sitePackages = options.sitePackages ?? [];
  const wheelFolders = sitePackages.flatMap((site) => WHEEL_LIBRARY_FOLDERS[library].map((folder) => join(site, folder)));
  const fromWheel = lookIn(wheelFolders);
  if (fromWheel !== undefined) return { path: fromWheel, source: 'wheel' };
  const fromLibraryPath = lookIn(splitPath(env.LD_LIBRARY_PATH));
  if (fromLibraryPath !== undefined) return { path: fromLibraryPath, source: 'ld-library-path' };
  return { path: sonames[0] as string, source: 'system' };
}
