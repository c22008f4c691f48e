// A stand-in model for callback unit tests: the members a test gives, the rest throwing.
import type { CallbackModel } from '../callbacks/callback-model.js';

function missing(member: string): never {
  throw new Error(`This stand-in model has no '${member}'; give it to standInModel().`);
}

const fallback: CallbackModel = {
  get name() {
    return 'stand_in';
  },
  get className() {
    return 'StandIn';
  },
  get stopTraining() {
    return missing('stopTraining');
  },
  set stopTraining(_value: boolean) {
    missing('stopTraining');
  },
  get history() {
    return missing('history');
  },
  get weights() {
    return missing('weights');
  },
  get trainableWeights() {
    return missing('trainableWeights');
  },
  get optimizer() {
    return missing('optimizer');
  },
  get compileOptions() {
    return missing('compileOptions');
  },
  getConfig: () => missing('getConfig'),
  getWeights: () => missing('getWeights'),
  setWeights: () => missing('setWeights'),
  save: () => missing('save'),
  saveWeights: () => missing('saveWeights'),
  setInitialEpoch: () => missing('setInitialEpoch'),
};

/**
 * `model` made a {@link CallbackModel}: it stays the same object (so a test sees what a callback
 * set on it) and answers members it lacks from a fallback that throws naming them.
 */
export function standInModel<T extends object>(model: T): T & CallbackModel {
  return Object.setPrototypeOf(model, fallback);
}
