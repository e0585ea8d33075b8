/**
 * Independent, deliberately naive implementations used only by tests, plus a seeded random generator.
 */

/** Seeded uniform [0, 1) generator (mulberry32), so random tests are reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random scores on a coarse grid (`levels` distinct values, so many ties) and random 0/1 labels. */
export function randomTiedData(
  rand: () => number,
  n: number,
  levels: number,
  positiveRate: number,
): { scores: Float64Array; labels: Uint8Array } {
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = Math.floor(rand() * levels) / levels;
    labels[i] = rand() < positiveRate ? 1 : 0;
  }
  return { scores, labels };
}

/** Mann-Whitney AUROC over all (novel, normal) pairs: 1 if the novel one scores higher, 1/2 on a tie. */
export function pairwiseAuroc(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    for (let j = 0; j < scores.length; j++) {
      if (labels[j] !== 0) continue;
      pairs++;
      if (scores[i] > scores[j]) sum += 1;
      else if (scores[i] === scores[j]) sum += 0.5;
    }
  }
  return sum / pairs;
}

/** Average precision as the mean, over novel samples, of the precision at their own score as threshold. */
export function naiveAveragePrecision(scores: ArrayLike<number>, labels: ArrayLike<number>): number {
  let sum = 0;
  let nPos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (labels[i] !== 1) continue;
    nPos++;
    let above = 0;
    let positivesAbove = 0;
    for (let j = 0; j < scores.length; j++) {
      if (scores[j] >= scores[i]) {
        above++;
        if (labels[j] === 1) positivesAbove++;
      }
    }
    sum += positivesAbove / above;
  }
  return sum / nPos;
}
