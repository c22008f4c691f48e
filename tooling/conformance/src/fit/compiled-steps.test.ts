import '@tensorflow/tfjs-backend-cpu';
import { runCompiledStepsSuite } from './compiled-steps.js';

// The cpu backend records no programs: its compiled steps replay plans kernel by kernel.
runCompiledStepsSuite('cpu');
