// The package's only side effect: probe the GPU and register 'cuda' when it is usable.
import { registerCudaBackend } from './backend/register.js';
import { cachedProbe } from './status/cuda-status.js';

const outcome = cachedProbe();
registerCudaBackend(outcome.status, outcome.addon);
