import * as tf from '@tensorflow/tfjs';

/** One kernel's line in a profile: calls, self time (ms, nested kernels excluded) and share of the total. */
export interface KernelProfileRow {
  readonly kernel: string;
  readonly calls: number;
  readonly ms: number;
  /** `ms` over the sum of every kernel's self time, 0..1. */
  readonly share: number;
}

/** The per-kernel time of one run of a function on the active backend. */
export interface KernelProfile {
  /** Wall time of the profiled run, ms (profiling itself adds a read-back after each kernel). */
  readonly wallMs: number;
  /** Kernel calls, nested ones included. */
  readonly kernelCalls: number;
  /** Sum of the self times, ms. */
  readonly kernelMs: number;
  /** Kernels, most expensive first. */
  readonly rows: KernelProfileRow[];
}

interface RawKernel {
  name: string;
  kernelTimeMs: number | { error: string } | Promise<number | { error: string }>;
  depth?: number;
}

/**
 * Sums `tf.profile` entries by kernel name, charging each call only its *self* time: a kernel built from
 * other kernels (nln's wasm kernels, custom-gradient scopes) has its nested calls' time subtracted, so the
 * nested calls are not counted twice. `depth` is the kernel nesting depth of each entry; entries arrive
 * in post-order (a call's nested calls are listed before it), as tfjs' engine pushes them.
 */
export function summariseKernels(entries: ReadonlyArray<{ name: string; ms: number; depth: number }>): KernelProfileRow[] {
  const byName = new Map<string, { calls: number; ms: number }>();
  // childTime[d]: inclusive time of the completed calls at depth d + 1 not yet claimed by a parent at depth d.
  const childTime: number[] = [];
  for (const e of entries) {
    const nested = childTime[e.depth] ?? 0;
    childTime[e.depth] = 0;
    for (let d = e.depth + 1; d < childTime.length; d++) childTime[d] = 0;
    const self = Math.max(0, e.ms - nested);
    if (e.depth > 0) childTime[e.depth - 1] = (childTime[e.depth - 1] ?? 0) + e.ms;
    const agg = byName.get(e.name) ?? { calls: 0, ms: 0 };
    agg.calls += 1;
    agg.ms += self;
    byName.set(e.name, agg);
  }
  const total = [...byName.values()].reduce((s, v) => s + v.ms, 0);
  return [...byName.entries()]
    .map(([kernel, v]) => ({ kernel, calls: v.calls, ms: v.ms, share: total > 0 ? v.ms / total : 0 }))
    .sort((a, b) => b.ms - a.ms || a.kernel.localeCompare(b.kernel));
}

/**
 * Profiles one run of `run` with `tf.profile` and returns the per-kernel table. The nesting depth of each
 * call is read from the engine's kernel depth as the call is recorded (tfjs does not record it), so nested
 * kernels can be charged to themselves only (see {@link summariseKernels}).
 */
export async function profileKernels(run: () => Promise<void>): Promise<KernelProfile> {
  const engine = tf.engine() as unknown as { state: { kernelDepth: number; activeProfile: { kernels: RawKernel[] } } };
  const start = performance.now();
  let wallMs = 0;
  const info = await tf.profile(async () => {
    const kernels = engine.state.activeProfile.kernels;
    const push = kernels.push.bind(kernels);
    // The engine pushes each call after its kernel has returned, at the caller's depth.
    kernels.push = (...items: RawKernel[]) => {
      for (const item of items) item.depth = engine.state.kernelDepth;
      return push(...items);
    };
    await run();
    wallMs = performance.now() - start;
  });
  const entries = (info.kernels as unknown as RawKernel[]).map((k) => {
    const ms = k.kernelTimeMs as number | { error: string };
    if (typeof ms !== 'number') throw new Error(`tf.profile could not time kernel ${k.name}: ${ms.error}`);
    if (k.depth === undefined) throw new Error(`kernel ${k.name} was recorded without its depth`);
    return { name: k.name, ms, depth: k.depth };
  });
  const rows = summariseKernels(entries);
  return { wallMs, kernelCalls: entries.length, kernelMs: rows.reduce((s, r) => s + r.ms, 0), rows };
}
