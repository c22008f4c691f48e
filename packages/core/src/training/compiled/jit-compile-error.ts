import { KerasError } from '../../errors/errors.js';

/**
 * A model compiled with `jitCompile: true` has a step that cannot be compiled (a value made in
 * JavaScript that changes between steps, a host read, a layer that opts out, …). The message
 * names the cause. The step that revealed it ran eagerly and completely, so the model stays
 * consistent; compile again with `jitCompile: 'auto'` or `false` to keep training.
 */
export class JitCompileError extends KerasError {}
