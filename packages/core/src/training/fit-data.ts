import { ValueError } from '../errors/errors.js';
import { type BatchSource, SourceAdapter, isBatchSource } from './batch-source.js';
import { type CheckedModel, type ResolvedFitOptions, checkStatefulBatches } from './call-checks.js';
import type { ClassWeight } from './class-weight.js';
import type { DataAdapter, DataModel, TensorData } from './data-adapter.js';
import { EpochIterator } from './epoch-iterator.js';
import type { StandardizeOptions } from './standardize-batch.js';
import { TensorAdapter } from './tensor-adapter.js';

/** How {@link createAdapter} reads one argument's data. */
export interface AdapterOptions {
  /** The compiled losses, when targets are read (see {@link StandardizeOptions}). */
  losses?: StandardizeOptions['losses'];
  classWeight?: ClassWeight;
  /** What messages call the data: `'x'` or `'validationData'`. */
  argument: string;
  /** Builds a model whose input shape was deferred, from in-memory data. */
  build(x: TensorData): void;
}

/**
 * The {@link DataAdapter} for what the user passed: a batch source as it comes (its batches are
 * checked as they are read), in-memory data standardized and checked whole, now.
 */
export function createAdapter(
  model: DataModel,
  data: { x: TensorData | BatchSource; y?: TensorData; sampleWeight?: TensorData },
  options: AdapterOptions,
): DataAdapter {
  const { losses, classWeight, argument } = options;
  if (isBatchSource(data.x)) {
    if (model.outputs.length === 0)
      throw new ValueError(`Model '${model.name}' has no known input shape; give its first layer \`inputShape\` before using a batch source.`);
    return new SourceAdapter(data.x, model, { losses, classWeight, argument });
  }
  options.build(data.x);
  const names = argument === 'x' ? undefined : { x: `${argument}.x`, y: `${argument}.y`, sampleWeight: `${argument}.sampleWeight` };
  return TensorAdapter.from(model, { x: data.x, y: data.y, sampleWeight: data.sampleWeight }, { losses, classWeight, names });
}

/** The data of one `fit`: epoch iterators over the training and validation adapters. */
export interface FitData {
  train: EpochIterator;
  validation: EpochIterator | undefined;
  /** Frees what the adapters and iterators hold (never the caller's tensors). */
  dispose(): void;
}

/**
 * Builds and checks every adapter `fit` reads — training data, the `validationSplit` tail or
 * `validationData`, class weights on the training part only (as Keras), stateful batching — before
 * any step; on a failure frees what it made and throws.
 */
export function fitData(
  model: CheckedModel & DataModel,
  x: TensorData | BatchSource,
  y: TensorData | undefined,
  options: ResolvedFitOptions,
  context: Pick<AdapterOptions, 'losses' | 'build'>,
): FitData {
  const adapter = (
    data: TensorData | BatchSource,
    targets: TensorData | undefined,
    sampleWeight: TensorData | undefined,
    argument: string,
    classWeight?: ClassWeight,
  ) => createAdapter(model, { x: data, y: targets, sampleWeight }, { ...context, argument, classWeight });
  const owned: DataAdapter[] = [];
  const disposeAdapters = () => owned.forEach((item) => item.dispose());
  try {
    const split = options.validationSplit ?? 0;
    let train = adapter(x, y, options.sampleWeight, 'x', split > 0 ? undefined : options.classWeight);
    owned.push(train);
    let validation: DataAdapter | undefined;
    if (split > 0 && train instanceof TensorAdapter) {
      const [head, tail] = train.split(split);
      owned.push(head, tail);
      if (options.classWeight !== undefined) head.weighClasses(options.classWeight);
      train = head;
      validation = tail;
    }
    const validationData = options.validationData;
    if (validationData !== undefined) {
      validation = isBatchSource(validationData)
        ? adapter(validationData, undefined, undefined, 'validationData')
        : adapter(validationData[0], validationData[1], validationData[2], 'validationData');
      owned.push(validation);
    }
    const validationBatchSize = options.validationBatchSize ?? options.batchSize;
    checkStatefulBatches(model, 'x', train.sampleCount, options.batchSize);
    if (validation !== undefined) checkStatefulBatches(model, 'validation data', validation.sampleCount, validationBatchSize);
    const iterators = {
      train: new EpochIterator(train, { batchSize: options.batchSize, shuffle: options.shuffle, steps: options.stepsPerEpoch }),
      validation:
        validation === undefined
          ? undefined
          : new EpochIterator(validation, { batchSize: validationBatchSize, shuffle: false, steps: options.validationSteps }),
    };
    return {
      ...iterators,
      dispose: () => {
        iterators.train.dispose();
        iterators.validation?.dispose();
        disposeAdapters();
      },
    };
  } catch (error) {
    disposeAdapters();
    throw error;
  }
}
