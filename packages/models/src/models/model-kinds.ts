/**
 * The paper's five autoencoders, in the paper's order (Tables 1-2: AE, AAE, VAE, AE-res, AE-con). The one
 * list of model kinds: every other list, type and schema of them is derived from it.
 */
export const MODEL_KINDS = ['ae', 'aae', 'vae', 'ae-res', 'ae-con'] as const;

/** One of {@link MODEL_KINDS}. */
export type ModelKind = (typeof MODEL_KINDS)[number];

/** Throws unless `kind` is one of {@link MODEL_KINDS}; the error lists them. */
export function assertModelKind(kind: unknown): asserts kind is ModelKind {
  if (!(MODEL_KINDS as readonly unknown[]).includes(kind)) {
    throw new Error(`unknown model kind '${String(kind)}' (expected one of ${MODEL_KINDS.join(', ')})`);
  }
}
