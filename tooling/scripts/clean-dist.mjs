// Removes the package's dist/ before a build, so files whose sources were deleted or renamed
// never reach a tarball.
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
