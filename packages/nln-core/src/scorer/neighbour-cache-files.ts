/** Reading and writing a quantised neighbour cache (`neighbour-cache.u8` and its `.range.f32`). */
import { readFileInto, writeFileAtomic } from '@nln/models';
import { readFloat32File, writeFloat32File } from '../io/float-file';
import { quantisedFromRange, type QuantisedRows } from './neighbour-cache';

/** Writes a quantised cache as `<file>` (the bytes) and `<file>.range.f32` (low and step per row). */
export async function writeQuantisedRows(file: string, cache: QuantisedRows): Promise<void> {
  const range = new Float32Array(2 * cache.low.length);
  cache.low.forEach((lo, r) => {
    range[2 * r] = lo;
    range[2 * r + 1] = cache.step[r];
  });
  await writeFloat32File(`${file}.range.f32`, range);
  await writeFileAtomic(file, cache.values);
}

/** Reads a cache written by {@link writeQuantisedRows}; errors name the file. */
export async function readQuantisedRows(file: string, rows: number, rowSize: number): Promise<QuantisedRows> {
  const range = await readFloat32File(`${file}.range.f32`, 2 * rows);
  const values = new Uint8Array(rows * rowSize);
  await readFileInto(file, values);
  return quantisedFromRange(values, range);
}
