import type * as FaissNode from 'faiss-node';

/** The `faiss-node` module, when its native addon loads. */
export type FaissModule = typeof FaissNode;

/** Outcome of loading the optional faiss addon. */
export type FaissLoad = { readonly ok: true; readonly faiss: FaissModule } | { readonly ok: false; readonly reason: string };

let cached: FaissLoad | undefined;

/**
 * Loads `faiss-node` once per process. It is an optional native addon, so a missing or unbuilt
 * addon is reported as `{ ok: false, reason }` rather than thrown.
 *
 * Unless the user set it, `OMP_WAIT_POLICY` is set to `PASSIVE` before the addon (and so OpenMP)
 * loads: faiss's idle OpenMP threads then sleep instead of spinning, which otherwise steals the
 * cores that tfjs needs in the same process (measured here: a 60k x 32 flat search of 1,000 queries
 * took 2.8-3.8 s spinning and 0.9-1.7 s passive on a busy 2-core machine).
 */
export function loadFaiss(): FaissLoad {
  if (cached === undefined) {
    process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
    try {
      const faiss = require('faiss-node') as FaissModule;
      cached = { ok: true, faiss };
    } catch (error) {
      cached = { ok: false, reason: (error as Error).message.split('\n')[0] };
    }
  }
  return cached;
}

/** Whether the faiss addon is usable in this process. */
export function faissAvailable(): boolean {
  return loadFaiss().ok;
}

/** The faiss module, or a clear error saying why it cannot be used. */
export function requireFaiss(what: string): FaissModule {
  const load = loadFaiss();
  if (!load.ok) {
    throw new Error(
      `${what}: the faiss-node addon is not available (${load.reason}); run \`npm run setup\` to build it, or use the tfjs index (kind 'tfjs')`,
    );
  }
  return load.faiss;
}
