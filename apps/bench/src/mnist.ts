import * as tf from '@tensorflow/tfjs-core';
import { mnist } from '@keras-ts/datasets';

/** MNIST training images as float32 [60000, 784] in [0, 1] and one-hot labels [60000, 10]. */
export async function loadMnist(): Promise<{ x: tf.Tensor2D; y: tf.Tensor2D }> {
  const [[images, labels], [testImages, testLabels]] = await mnist.loadData();
  const x = tf.tidy(() => tf.div(tf.cast(tf.reshape(images, [60000, 784]), 'float32'), 255) as tf.Tensor2D);
  const y = tf.tidy(() => tf.cast(tf.oneHot(labels as tf.Tensor1D, 10), 'float32') as tf.Tensor2D);
  tf.dispose([images, labels, testImages, testLabels]);
  return { x, y };
}
