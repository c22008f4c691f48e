import { runRobustnessSuite } from './run-robustness-suite.js';

// The reference backend itself; each backend package runs the same suite against it.
runRobustnessSuite('cpu');
