/** Loading a saved scorer over HTTP (fetch), for browsers: the folder `NlnScorer.save` writes, served as files. */
import type { Autoencoder } from '@nln/models';
import { TfjsExactSearch } from '../latent-index/tfjs-exact-search';
import { NlnScorerCore } from './scorer-core';
import { readScorerParts, stateFromParts, type ScorerFileSource } from './scorer-state';
import type { NlnScorerOptions } from './types';

async function fetchBytes(url: string, length: number): Promise<ArrayBuffer> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`.trim());
  const buffer = await response.arrayBuffer();
  if (buffer.byteLength !== length) throw new Error(`${url}: wrong size, ${buffer.byteLength} bytes where ${length} were expected`);
  return buffer;
}

/** A {@link ScorerFileSource} over the saved scorer folder at `url` (absolute, or relative to the page). */
export function urlScorerSource(url: string): ScorerFileSource {
  const base = url.endsWith('/') ? url : `${url}/`;
  const where = (name: string) => `${base}${name}`;
  return {
    where,
    async json(name) {
      const response = await fetch(where(name));
      if (!response.ok) throw new Error(`${where(name)}: HTTP ${response.status} ${response.statusText}`.trim());
      try {
        return (await response.json()) as unknown;
      } catch (error) {
        throw new Error(`${where(name)}: not valid JSON (${(error as Error).message})`, { cause: error });
      }
    },
    bytes: async (name, length) => new Uint8Array(await fetchBytes(where(name), length)),
    async float32(name, length) {
      const values = new Float32Array(await fetchBytes(where(name), 4 * length));
      const bad = values.findIndex((v) => !Number.isFinite(v));
      if (bad >= 0) throw new Error(`${where(name)}: value ${bad} is ${values[bad]}; the file is corrupt`);
      return values;
    },
  };
}

/**
 * Loads the scorer saved (with `NlnScorer.save`) at `url` for `model`, over fetch: `scorer.json`, the
 * training latents and the neighbour cache. Neighbours are searched exactly with {@link TfjsExactSearch}
 * over the saved latents, whatever index the folder holds (a faiss flat index gives the same neighbours).
 * Errors name the URL and the problem, or the mismatch with the model.
 */
export async function loadScorerFromUrl(url: string, model: Autoencoder, options: NlnScorerOptions = {}): Promise<NlnScorerCore> {
  const parts = await readScorerParts(urlScorerSource(url), model);
  const index = new TfjsExactSearch();
  index.add(parts.trainLatents, model.latentDim);
  return NlnScorerCore.fromState(model, stateFromParts(parts, index), options);
}
