/**
 * Hand-written reference for the gradient of integer nearest-neighbour upsampling (UpSampling2D):
 * input pixel (i, j) was copied to the `scaleY`×`scaleX` block starting at (i·scaleY, j·scaleX), so its
 * gradient is the sum of `dy` over that block. `dy` is NHWC with shape `[n, h·scaleY, w·scaleX, c]`.
 */
export function upsamplingGradReference(
  dy: ArrayLike<number>,
  [n, outHeight, outWidth, depth]: readonly [number, number, number, number],
  scaleY: number,
  scaleX: number,
): Float32Array {
  const height = outHeight / scaleY;
  const width = outWidth / scaleX;
  const dx = new Float32Array(n * height * width * depth);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < height; i++)
      for (let j = 0; j < width; j++)
        for (let c = 0; c < depth; c++) {
          let sum = 0;
          for (let u = 0; u < scaleY; u++)
            for (let v = 0; v < scaleX; v++) sum += dy[((b * outHeight + i * scaleY + u) * outWidth + j * scaleX + v) * depth + c];
          dx[((b * height + i) * width + j) * depth + c] = sum;
        }
  return dx;
}

/** Deterministic pseudo-random values in [-1, 1) (a linear congruential generator), for test inputs. */
export function seededValues(count: number, seed: number): Float32Array {
  const values = new Float32Array(count);
  let state = seed >>> 0;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    values[i] = state / 2 ** 31 - 1;
  }
  return values;
}
