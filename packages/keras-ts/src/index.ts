export * from '@keras-ts/core';
export * as layers from '@keras-ts/layers';
export * as losses from '@keras-ts/losses';
export * as metrics from '@keras-ts/metrics';
export * as optimizers from '@keras-ts/optimizers';
