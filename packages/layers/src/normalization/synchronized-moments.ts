import * as tf from '@tensorflow/tfjs-core';
import { allReduceVector, type Distribution } from '@keras-ts/core/internal';

/**
 * Mean and variance over `axes` of the global batch of a data-parallel step: every rank's sum,
 * sum of squares and element count, summed across ranks in one all-reduce. The all-reduce is
 * differentiable: its gradient sums every rank's upstream gradient, each weighted by that rank's
 * share of the global batch (rank r's loss enters the step's objective with weight rows_r / rows,
 * and the training step scales this rank's gradients by its own share afterwards). Both all-reduces
 * run as core's all-reduce kernel when the distribution has a host all-reduce, so compiled steps
 * replay them.
 */
export function synchronizedMoments(x: tf.Tensor, axes: number[], distribution: Distribution): { mean: tf.Tensor; variance: tf.Tensor } {
  const features = x.shape.filter((_, i) => !axes.includes(i)).reduce((product, size) => product * size, 1);
  const count = x.size / features;
  const sums = tf.concat([tf.reshape(tf.sum(x, axes), [-1]), tf.reshape(tf.sum(tf.square(x), axes), [-1]), tf.tensor1d([count])]) as tf.Tensor1D;
  const allReduce = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = inputs[1] as tf.GradSaveFunc;
    const global = allReduceVector(distribution, inputs[0] as tf.Tensor1D);
    save([global]);
    return {
      value: global,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const share = tf.div(count, tf.slice(saved[0]!, [2 * features], [1]));
        return tf.div(allReduceVector(distribution, tf.mul(dy, share) as tf.Tensor1D), share);
      },
    };
  });
  const global = allReduce(sums) as tf.Tensor1D;
  const total = tf.slice(global, [2 * features], [1]);
  const shape = x.shape.map((size, i) => (axes.includes(i) ? 1 : size)).filter((_, i) => !axes.includes(i));
  const mean = tf.div(tf.slice(global, [0], [features]), total);
  const meanOfSquares = tf.div(tf.slice(global, [features], [features]), total);
  // E[x²] − E[x]², clipped at 0 against rounding.
  const variance = tf.relu(tf.sub(meanOfSquares, tf.square(mean)));
  return { mean: tf.reshape(mean, shape), variance: tf.reshape(variance, shape) };
}
