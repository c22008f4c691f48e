import * as tf from '@tensorflow/tfjs-core';
import { castInfo, cudaBackendOf } from './kernel-utils.js';

/** The 'GatherV2' kernel on 'cuda'. */
export const GatherV2Config: tf.KernelConfig = {
  kernelName: tf.GatherV2,
  backendName: 'cuda',
  kernelFunc: ({ inputs, backend, attrs }) => {
    const cuda = cudaBackendOf(backend);
    const x = inputs.x as tf.TensorInfo;
    const indices = inputs.indices as tf.TensorInfo;
    const { axis, batchDims } = attrs as unknown as tf.GatherV2Attrs;
    const [parsedAxis] = tf.util.parseAxisParam(axis, x.shape) as [number];
    const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(x as tf.Tensor, indices as tf.Tensor, parsedAxis, batchDims ?? 0);
    const indexInts = castInfo(cuda, indices, 'int32');
    const out = cuda.makeOutput(info.outputShape, x.dtype);
    const indexCount = tf.util.sizeFromShape(indices.shape) / info.batchSize;
    cuda.kernels.gather(
      cuda.pointerOf(x),
      cuda.pointerOf(indexInts),
      cuda.pointerOf(out),
      info.batchSize,
      info.outerSize,
      info.dimSize,
      indexCount,
      info.sliceSize,
    );
    cuda.disposeIntermediate(indexInts);
    return out;
  },
};
