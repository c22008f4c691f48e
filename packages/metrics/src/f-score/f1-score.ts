import { FBetaScore, type FBetaScoreOptions } from './f-beta-score.js';

/** Options of {@link F1Score}: those of {@link FBetaScore} without `beta`. */
export type F1ScoreOptions = Omit<FBetaScoreOptions, 'beta'>;

/** F-1 score, the harmonic mean of precision and recall (FBetaScore with beta 1); default name `'f1_score'`. */
export class F1Score extends FBetaScore {
  static override className = 'F1Score';

  /** @param options average, threshold and name. */
  constructor(options: F1ScoreOptions = {}) {
    super({ ...options, beta: 1 }, 'f1_score');
  }

  override getConfig(): Record<string, unknown> {
    const { beta: _beta, ...config } = super.getConfig();
    return config;
  }
}
