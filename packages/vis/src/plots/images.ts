import { ShapeError, ValueError } from '@keras-ts/common';
import { type NumericData, readDense, readLabels } from '../data/values.js';
import { pngDataUri } from '../image/png-encoder.js';
import { svgDocument } from '../svg/document.js';
import { element, textElement } from '../svg/element.js';
import { fitText, textWidth } from '../svg/text-width.js';

/** Options for {@link plotImages}. */
export interface PlotImagesOptions {
  /** Label of each image: class indices (arrays, tensors, one-hot rows) or strings. */
  labels?: NumericData | readonly string[];
  /** Predicted class of each image: captions become "predicted (true)", green when right and red when wrong. */
  predictedLabels?: NumericData;
  /** Names for class indices in `labels` / `predictedLabels`. */
  classNames?: readonly string[];
  /** Images per row. Default 5 (fewer when there are fewer images). */
  cols?: number;
  /** 'gray' draws 0 as black (default); 'binary' draws 0 as white, like matplotlib's cmap=binary in seed 001. */
  colormap?: 'gray' | 'binary';
  /** Value range mapped to black…white. Default [0, 1] or [0, 255] when the data fits, else the data's min/max. */
  valueRange?: [number, number];
  /** Displayed size of the longer image side in pixels. Default about 96 (an integer multiple of the image size). */
  imageSize?: number;
  /** Title above the grid. */
  title?: string;
}

const MAX_IMAGES = 400;

/**
 * A grid of images with captions (seed 001's random-sample plot). Each image is
 * embedded as a PNG data URI in an `<image>` element drawn with
 * nearest-neighbour scaling, which browsers and resvg both render sharply.
 *
 * @param images `[n, height, width]` or `[n, height, width, channels]` with 1, 3 or 4 channels (tensor or nested arrays).
 * @returns a standalone SVG document string.
 */
export function plotImages(images: NumericData, options: PlotImagesOptions = {}): string {
  const dense = readDense(images, 'images');
  const shape = dense.shape;
  if (shape.length !== 3 && shape.length !== 4) {
    throw new ShapeError(
      `images: expected shape [n, height, width] or [n, height, width, channels], got [${shape.join(', ')}]. Reshape a single image to [1, height, width].`,
    );
  }
  const [count = 0, height = 0, width = 0] = shape;
  const channels = shape[3] ?? 1;
  if (![1, 3, 4].includes(channels)) throw new ShapeError(`images: the channel dimension must be 1, 3 or 4, got ${channels} (shape [${shape.join(', ')}]).`);
  if (count === 0 || height === 0 || width === 0) throw new ShapeError(`images: nothing to draw in shape [${shape.join(', ')}].`);
  if (count > MAX_IMAGES)
    throw new ValueError(`images: ${count} images is too many for one grid (at most ${MAX_IMAGES}); pass a slice, e.g. tf.slice(images, 0, 25).`);
  const captions = captionsFor(count, options);
  const range = options.valueRange ?? autoRange(dense.values);
  const columns = Math.max(1, Math.min(count, options.cols ?? 5));
  if (!Number.isInteger(columns)) throw new ValueError(`cols must be a positive integer, got ${options.cols}.`);
  const longer = Math.max(height, width);
  const target = options.imageSize ?? 96;
  // An integer zoom keeps every source pixel the same size on screen.
  const zoom = longer >= target ? target / longer : Math.max(1, Math.round(target / longer));
  const shownWidth = width * zoom;
  const shownHeight = height * zoom;
  const captionHeight = captions.some((caption) => caption.text) ? 22 : 4;
  // Widen cells for long captions ("Ankle boot (Sneaker)") up to twice the image width.
  const captionWidth = Math.max(0, ...captions.map((caption) => textWidth(caption.text, 12) + 8));
  const cellWidth = Math.max(shownWidth, 60, Math.min(captionWidth, Math.max(2 * shownWidth, 120))) + 12;
  const cellHeight = shownHeight + captionHeight + 8;
  const titleHeight = options.title ? 36 : 6;
  const rows = Math.ceil(count / columns);
  const totalWidth = columns * cellWidth + 8;
  const totalHeight = titleHeight + rows * cellHeight + 4;
  const pixelCount = height * width;
  const parts: string[] = [];
  if (options.title) parts.push(textElement(totalWidth / 2, 25, options.title, { size: 16, anchor: 'middle', bold: true, attributes: { class: 'title' } }));
  for (let index = 0; index < count; index++) {
    const rgba = new Uint8Array(pixelCount * 4);
    const base = index * pixelCount * channels;
    for (let pixel = 0; pixel < pixelCount; pixel++) {
      for (let channel = 0; channel < 3; channel++) {
        const source = channels === 1 ? 0 : channel;
        const value = dense.values[base + pixel * channels + source] ?? 0;
        let byte = Math.round(((value - range[0]) / (range[1] - range[0] || 1)) * 255);
        byte = Math.min(255, Math.max(0, Number.isFinite(byte) ? byte : 0));
        rgba[pixel * 4 + channel] = options.colormap === 'binary' ? 255 - byte : byte;
      }
      rgba[pixel * 4 + 3] =
        channels === 4
          ? Math.min(255, Math.max(0, Math.round((((dense.values[base + pixel * 4 + 3] ?? 0) - range[0]) / (range[1] - range[0] || 1)) * 255)))
          : 255;
    }
    const column = index % columns;
    const row = Math.floor(index / columns);
    const x = 4 + column * cellWidth + (cellWidth - shownWidth) / 2;
    const y = titleHeight + row * cellHeight + 4;
    const caption = captions[index] ?? { text: '' };
    parts.push(
      element('g', { class: 'sample', 'data-index': index }, [
        element('image', {
          x,
          y,
          width: shownWidth,
          height: shownHeight,
          href: pngDataUri(rgba, width, height),
          preserveAspectRatio: 'none',
          'image-rendering': 'optimizeSpeed',
          // Browsers take 'pixelated' (they drop the legacy value or alias it); the PNG
          // renderer in Node only knows 'optimizeSpeed', and the later declaration wins there.
          style: 'image-rendering:pixelated;image-rendering:optimizeSpeed',
        }),
        element('rect', { x, y, width: shownWidth, height: shownHeight, fill: 'none', stroke: '#bbbbbb', 'stroke-width': 0.6 }),
        caption.text
          ? textElement(x + shownWidth / 2, y + shownHeight + 15, fitText(caption.text, 12, cellWidth - 6), {
              size: 12,
              anchor: 'middle',
              fill: caption.color ?? '#222',
              attributes: { class: 'caption' },
            })
          : '',
      ]),
    );
  }
  return svgDocument(parts, { width: totalWidth, height: totalHeight, title: options.title ?? 'Images', kind: 'images' });
}

function autoRange(values: ArrayLike<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    const value = values[index] ?? 0;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  if (low >= 0 && high <= 1) return [0, 1];
  if (low >= 0 && high <= 255) return [0, 255];
  return [low, high];
}

function captionsFor(count: number, options: PlotImagesOptions): { text: string; color?: string }[] {
  const nameOf = (label: number) => {
    if (!options.classNames) return String(label);
    const name = options.classNames[label];
    if (name === undefined) throw new ValueError(`classNames has ${options.classNames.length} entries but a label is ${label}; pass one name per class.`);
    return name;
  };
  let truth: string[] | undefined;
  let truthIndices: number[] | undefined;
  if (options.labels !== undefined) {
    const labels = options.labels;
    if (Array.isArray(labels) && labels.every((label) => typeof label === 'string')) truth = [...(labels as string[])];
    else {
      truthIndices = readLabels(labels as NumericData, 'labels');
      truth = truthIndices.map(nameOf);
    }
    if (truth.length !== count) throw new ValueError(`labels has ${truth.length} entries but there are ${count} images; pass one label per image.`);
  }
  if (options.predictedLabels === undefined) return Array.from({ length: count }, (_, index) => ({ text: truth?.[index] ?? '' }));
  const predicted = readLabels(options.predictedLabels, 'predictedLabels');
  if (predicted.length !== count) throw new ValueError(`predictedLabels has ${predicted.length} entries but there are ${count} images; pass one per image.`);
  return predicted.map((label, index) => {
    const predictedName = nameOf(label);
    if (!truth) return { text: predictedName };
    const correct = truthIndices ? truthIndices[index] === label : truth[index] === predictedName;
    return { text: `${predictedName} (${truth[index]})`, color: correct ? '#1b7f2a' : '#c62828' };
  });
}
