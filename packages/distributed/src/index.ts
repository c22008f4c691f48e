export { DistributedError } from '@keras-ts/common';
export { type CollectiveStatistics, DataParallel, type DataParallelOptions } from './data-parallel/data-parallel.js';
export { getDistribution, setDistribution } from './data-parallel/set-distribution.js';
export { type CollectivesStatus, collectivesStatus } from './world/status.js';
export { finalize, getRank, getWorldSize, type InitializeOptions, initialize, type WorldInfo } from './world/world.js';
