import { ValueError } from '@keras-ts/common';
import { Adam, type AdamConfig } from './adam.js';

/** Options for {@link AdamW}: Adam's, with `weightDecay` defaulting to 0.004. */
export type AdamWConfig = AdamConfig;

/**
 * Adam with decoupled weight decay (Loshchilov & Hutter): before each update,
 * `w -= w * weightDecay * lr`, then the Adam step. Default `weightDecay` 0.004.
 */
export class AdamW extends Adam {
  static override readonly className: string = 'AdamW';
  protected static override readonly defaultName: string = 'adamw';

  constructor(config: AdamWConfig = {}) {
    if (config.weightDecay === null) {
      throw new ValueError('AdamW: `weightDecay` must be a number (default 0.004), got null. Use Adam for no weight decay.');
    }
    super({ ...config, weightDecay: config.weightDecay ?? 0.004 });
  }
}
