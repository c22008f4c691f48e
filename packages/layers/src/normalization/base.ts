import type { LayerConfig } from '@keras-ts/core';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/regularizers.js';

/** The learned offset (beta) and scale (gamma) options every normalization layer shares. Defaults follow Keras 3. */
export interface AffineNormalizationConfig extends LayerConfig {
  /** Added to the variance. Default: 1e-3. */
  epsilon?: number;
  /** Add the learned offset beta. Default: true. */
  center?: boolean;
  /** Multiply by the learned scale gamma. Default: true. */
  scale?: boolean;
  /** Default: 'zeros'. */
  betaInitializer?: InitializerIdentifier;
  /** Default: 'ones'. */
  gammaInitializer?: InitializerIdentifier;
  betaRegularizer?: RegularizerIdentifier;
  gammaRegularizer?: RegularizerIdentifier;
  betaConstraint?: ConstraintIdentifier;
  gammaConstraint?: ConstraintIdentifier;
}
