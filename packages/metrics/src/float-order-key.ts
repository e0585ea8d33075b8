/**
 * An order-preserving map between float32 values and unsigned 32-bit integers, so that a float score can be
 * packed with other bits into one sortable number (AUPRO's keys carry a region's size class below it).
 */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** An unsigned 32-bit integer with the same order as the float32 value of `score` (-0 counts as 0). */
export function orderKeyOf(score: number): number {
  f32[0] = Math.fround(score) + 0;
  const u = u32[0];
  return u >= 0x80000000 ? ~u >>> 0 : u + 0x80000000;
}

/** The float32 value whose {@link orderKeyOf} is `key`. */
export function scoreOfOrderKey(key: number): number {
  u32[0] = key >= 0x80000000 ? key - 0x80000000 : ~key >>> 0;
  return f32[0];
}
