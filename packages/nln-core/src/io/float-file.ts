import { promises as fs } from 'node:fs';
import { readFileInto, writeFileAtomic } from '@nln/models';

/** Writes a float32 array as raw little-endian bytes, atomically. */
export async function writeFloat32File(file: string, values: Float32Array): Promise<void> {
  await writeFileAtomic(file, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/**
 * Reads a raw float32 file written by {@link writeFloat32File} and checks it holds exactly
 * `expectedLength` values and no NaN or infinity. Errors name the file and the problem.
 */
export async function readFloat32File(file: string, expectedLength: number): Promise<Float32Array> {
  const values = new Float32Array(expectedLength);
  await readFileInto(file, new Uint8Array(values.buffer));
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      throw new Error(`${file}: value ${i} is ${values[i]}; the file is corrupt`);
    }
  }
  return values;
}

/** Reads and parses a JSON file, with errors that name the file. */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`${file}: cannot read (${(error as Error).message})`, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new Error(`${file}: not valid JSON (${(error as Error).message})`, { cause: error });
  }
}
