import { setRandomSeed } from '@keras-ts/core';
import { beforeEach } from 'vitest';

// Every test starts from the same global seed, so initial weights, dropout masks and shuffles are
// the same on every run: a "the loss falls" check either always holds or always fails.
beforeEach(() => {
  setRandomSeed(1234);
});
