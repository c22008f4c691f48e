import { Registry } from '@keras-ts/common';
import type { Layer } from './layer.js';

/** A layer class that can be rebuilt from its config. */
export interface LayerClass {
  className: string;
  new (config: never): Layer;
}

const classes = new Registry<LayerClass>({
  kind: 'layer class',
  sorted: true,
  validLabel: 'Registered layers',
  hint: 'Import the package that defines it (e.g. @keras-ts/layers) or register it with registerLayerClass.',
});

/**
 * Registers a layer class for deserialization under its Keras class name. Loading a model looks
 * names up here; no code is ever evaluated.
 */
export function registerLayerClass(cls: LayerClass): void {
  classes.register(cls.className, cls);
}

/** The registered class for `className`; throws listing the known names when unknown. */
export function getLayerClass(className: string): LayerClass {
  return classes.lookup(className);
}

/** Rebuilds a layer from `{ className, config }`. */
export function deserializeLayer(serialized: { className: string; config: Record<string, unknown> }): Layer {
  const cls = getLayerClass(serialized.className);
  const withFromConfig = cls as unknown as { fromConfig?: (config: Record<string, unknown>) => Layer };
  if (typeof withFromConfig.fromConfig === 'function') return withFromConfig.fromConfig(serialized.config);
  return new cls(serialized.config as never);
}
