import { join } from 'node:path';
import type { ModelKind } from '@nln/models';
import type { FeatureConsistency } from '@nln/nln-core';

/** What names one class folder of a run. */
export interface ClassFolderKey {
  /** Protocol. */
  readonly protocol: string;
  /** Data set. */
  readonly dataset: string;
  /** Model. */
  readonly model: ModelKind;
  /** Latent size L. */
  readonly latentDim: number;
  /** Reading of Eq. 8 (only AE-con's folders depend on it). */
  readonly featureConsistency: FeatureConsistency;
  /** Class name. */
  readonly className: string;
}

function classSegment(className: string): string {
  return `class-${className.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
}

/**
 * Sub-folder of a class run inside a run folder: `<protocol>-<dataset>/<model>/L<L>/class-<class>`. AE-con
 * with the reference code's Eq. 8 has its own model folder, `ae-con-reference-code`, so both readings can
 * share one `--out`.
 */
export function classFolderName(key: ClassFolderKey): string {
  const model = key.model === 'ae-con' && key.featureConsistency !== 'paper' ? `${key.model}-${key.featureConsistency}` : key.model;
  return join(`${key.protocol}-${key.dataset}`, model, `L${key.latentDim}`, classSegment(key.className));
}

/**
 * Where runs before the L list wrote the class, `<protocol>-<dataset>/<model>/class-<class>`, with the
 * paper's Eq. 8 (the only reading then): `--resume` reuses such a folder when its L matches. Undefined for
 * keys that layout could not hold.
 */
export function legacyClassFolderName(key: ClassFolderKey): string | undefined {
  if (key.model === 'ae-con' && key.featureConsistency !== 'paper') return undefined;
  return join(`${key.protocol}-${key.dataset}`, key.model, classSegment(key.className));
}
