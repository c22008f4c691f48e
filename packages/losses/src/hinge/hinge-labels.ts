import * as tf from '@tensorflow/tfjs-core';

/**
 * Maps labels to -1/1 when every label is 0 or 1 and leaves them unchanged otherwise, as Keras's
 * hinge losses do. The choice is made with tensor arithmetic so no value is read on the host.
 */
export function convertBinaryLabelsToHinge(target: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const isBinary = tf.cast(tf.all(tf.logicalOr(tf.equal(target, 0), tf.equal(target, 1))), 'float32');
    const converted = tf.sub(tf.mul(target, 2), 1);
    return tf.add(tf.mul(isBinary, converted), tf.mul(tf.sub(1, isBinary), target));
  });
}
