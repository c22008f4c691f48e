// The package's only side effect: probe the GPU and define 'cuda' (registered when it is usable).
import { defineCudaBackend, setDefinedCudaBackend } from './backend/register.js';
import { cachedProbe } from './status/cuda-status.js';

const outcome = cachedProbe();
setDefinedCudaBackend(defineCudaBackend(outcome.status, outcome.addon));
