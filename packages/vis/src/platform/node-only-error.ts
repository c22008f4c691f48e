import { PlatformError } from '@keras-ts/common';

/**
 * A vis feature that needs Node (writing files, rendering PNG, serving the live dashboard) was
 * called where Node is not: a browser page or a worker. The message says how to get the same
 * plot as SVG there. A {@link PlatformError} (and so a `KerasError`) from `@keras-ts/common`.
 */
export class NodeOnlyError extends PlatformError {
  /** The function or class that was called, e.g. `'savePlot'`. */
  readonly feature: string;

  /** `feature` is what was called; `needs` what it needs from Node; `instead` what to do in a page. */
  constructor(feature: string, needs: string, instead: string) {
    super(`${feature} ${needs}, which needs Node; this is the browser build of @keras-ts/vis (resolved without the 'node' condition). ${instead}`);
    this.name = 'NodeOnlyError';
    this.feature = feature;
  }
}
