/** Decoding a dropped PNG or JPEG into the model's pixels, with the same checks as the CLI's `score`. */

/** `[height, width, channels]` of the model's input. */
export type Shape = readonly [number, number, number];

/**
 * The file's `H * W * C` bytes (channels last) for a model of `shape`. Throws an error naming the file when
 * it cannot be decoded, has another size, or has colour where the model takes greyscale.
 */
export async function decodeImage(file: File, shape: Shape): Promise<Uint8Array> {
  const [h, w, c] = shape;
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch {
    throw new Error(`${file.name}: cannot decode it as a PNG or JPEG image`);
  }
  if (bitmap.width !== w || bitmap.height !== h) {
    bitmap.close();
    throw new Error(`${file.name}: is ${bitmap.width}x${bitmap.height} but the model takes ${w}x${h}`);
  }
  const canvas = new OffscreenCanvas(w, h);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (context === null) throw new Error(`${file.name}: no 2D canvas in this browser`);
  context.drawImage(bitmap, 0, 0);
  bitmap.close();
  const rgba = context.getImageData(0, 0, w, h, { colorSpace: 'srgb' }).data;
  const out = new Uint8Array(h * w * c);
  for (let i = 0; i < h * w; i++) {
    const r = rgba[4 * i];
    if (c === 1) {
      if (rgba[4 * i + 1] !== r || rgba[4 * i + 2] !== r) throw new Error(`${file.name}: has colour but the model takes greyscale (1 channel)`);
      out[i] = r;
    } else {
      for (let j = 0; j < c; j++) out[i * c + j] = rgba[4 * i + j];
    }
  }
  return out;
}

/** Draws `[h, w, c]` values in [0, 1] (or a heat map of `[h, w]`) on a new canvas. */
export function drawImage(values: Float32Array, h: number, w: number, c: number, heat = false): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = w;
  canvas.height = h;
  const context = canvas.getContext('2d');
  if (context === null) return canvas;
  const image = context.createImageData(w, h);
  let peak = 0;
  if (heat) for (const v of values) peak = Math.max(peak, v);
  for (let i = 0; i < h * w; i++) {
    const byte = (v: number) => Math.round(255 * Math.min(1, Math.max(0, v)));
    if (heat) {
      const v = peak > 0 ? values[i] / peak : 0;
      image.data.set([byte(v * 1.6), byte(v * v), byte(0.4 - v), 255], 4 * i);
    } else if (c === 1) {
      image.data.set([byte(values[i]), byte(values[i]), byte(values[i]), 255], 4 * i);
    } else {
      image.data.set([byte(values[i * c]), byte(values[i * c + 1]), byte(values[i * c + 2]), 255], 4 * i);
    }
  }
  context.putImageData(image, 0, 0);
  return canvas;
}
