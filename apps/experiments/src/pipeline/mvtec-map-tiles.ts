import { fitMinMax, applyMinMax, type NlnScorer, type ScorerImages } from '@nln/nln-core';
import { reassemble, type PatchGrid } from '@nln/mvtec-patching';
import type { Tile } from '../output/plots';

/** Column titles of {@link mvtecMapTiles}: with `mask` when the row has a ground-truth mask tile. */
export function mvtecMapTitles(k: number, mask: boolean): string[] {
  return ['input', ...(mask ? ['mask'] : []), 'reconstruction', ...Array.from({ length: k }, (_, j) => `neighbour ${j + 1}`), '|x - x̂|', 'NLN error'];
}

/**
 * One row of the paper's Figs. 1 and 4 for a whole MVTec-AD image, from its patch grid (one image's
 * patches at a time): the input (8-bit, working size), its ground-truth mask when given, the reassembled
 * reconstruction, for j = 1..K the reassembled j-th neighbours' reconstructions (each patch's own j-th
 * latent neighbour), then the reconstruction-error and NLN error maps, each min-max scaled to its own range.
 */
export async function mvtecMapTiles(scorer: NlnScorer, patches: ScorerImages, image: Uint8Array, grid: PatchGrid, channels: number, k: number, mask?: Uint8Array): Promise<Tile[]> {
  const { imageHeight: height, imageWidth: width } = grid;
  const c = channels;
  const em = await scorer.errorMaps(patches, { k });
  const len = grid.patchSize * grid.patchSize * c;
  const P = grid.patchesPerImage;
  const tile = (pixels: Float32Array, ch: number, heat = false): Tile => ({ pixels, height, width, channels: ch, ...(heat ? { heat } : {}) });
  const neighbour = (j: number) => {
    const picked = new Float32Array(P * len);
    for (let i = 0; i < P; i++) picked.set(em.neighbourReconstructions.subarray((i * k + j) * len, (i * k + j + 1) * len), i * len);
    return reassemble(picked, grid, c, { fill: 0 }).data;
  };
  const heat = (patchMap: Float32Array) => {
    const m = reassemble(patchMap, grid, 1, { fill: 0 }).data;
    return tile(applyMinMax(m, fitMinMax(m)), 1, true);
  };
  const tiles: Tile[] = [tile(Float32Array.from(image, (v) => v / 255), c)];
  if (mask !== undefined) tiles.push(tile(Float32Array.from(mask), 1));
  tiles.push(tile(reassemble(em.reconstructions, grid, c, { fill: 0 }).data, c));
  for (let j = 0; j < k; j++) tiles.push(tile(neighbour(j), c));
  tiles.push(heat(em.reconstruction), heat(em.nlnError));
  return tiles;
}
