import { ValueError } from '../errors/errors.js';
import type { Layer } from './layer.js';

/** A layer class that can be rebuilt from its config. */
export interface LayerClass {
  className: string;
  new (config: never): Layer;
}

const classes = new Map<string, LayerClass>();

/**
 * Registers a layer class for deserialization under its Keras class name. Loading a model looks
 * names up here; no code is ever evaluated.
 */
export function registerLayerClass(cls: LayerClass): void {
  classes.set(cls.className, cls);
}

/** The registered class for `className`; throws listing the known names when unknown. */
export function getLayerClass(className: string): LayerClass {
  const cls = classes.get(className);
  if (cls === undefined) {
    throw new ValueError(`Unknown layer class '${className}'. Registered layers: ${[...classes.keys()].sort().join(', ')}. Import the package that defines it (e.g. @keras-ts/layers) or register it with registerLayerClass.`);
  }
  return cls;
}

/** Rebuilds a layer from `{ className, config }`. */
export function deserializeLayer(serialized: { className: string; config: Record<string, unknown> }): Layer {
  const cls = getLayerClass(serialized.className);
  const withFromConfig = cls as unknown as { fromConfig?: (config: Record<string, unknown>) => Layer };
  if (typeof withFromConfig.fromConfig === 'function') return withFromConfig.fromConfig(serialized.config);
  return new cls(serialized.config as never);
}
