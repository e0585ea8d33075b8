import * as tf from '@tensorflow/tfjs';
import { heapF32, makeF32Output, wasmBackendOf } from './wasm-heap';

/** Taps of one output phase along one axis (see conv2d-transpose-phases.ts). */
export interface PhaseTaps {
  /** Number of taps. */
  readonly taps: number;
  /** First tap, counted in the flipped filter. */
  readonly firstFlippedTap: number;
}

/**
 * The stride-1 kernel of one output phase of a transposed convolution, gathered on the wasm heap in one
 * pass: `kernel[p, q, co, ci] = filter[kh-1-f0h-sh·p, kw-1-f0w-sw·q, ci, co]` (the phase's taps of the
 * flipped filter with in/out channels swapped). Replaces Reverse + StridedSlice + Transpose, which stock
 * wasm runs as slow loops (Reverse of the MVTec decoder's [8,8,32,128] filter took about 45 ms).
 */
export function gatherPhaseKernel(backendArg: unknown, filter: tf.TensorInfo, pr: PhaseTaps, pc: PhaseTaps, strides: readonly [number, number]): tf.TensorInfo {
  const backend = wasmBackendOf(backendArg, 'Conv2DBackpropInput');
  const [kh, kw, ci, co] = filter.shape;
  const out = makeF32Output(backend, [pr.taps, pc.taps, co, ci], false);
  const k = heapF32(backend, out);
  const w = heapF32(backend, filter);
  let o = 0;
  for (let p = 0; p < pr.taps; p++) {
    const a = kh - 1 - pr.firstFlippedTap - strides[0] * p;
    for (let q = 0; q < pc.taps; q++) {
      const b = kw - 1 - pc.firstFlippedTap - strides[1] * q;
      const base = (a * kw + b) * ci * co;
      for (let oc = 0; oc < co; oc++) for (let ic = 0, src = base + oc; ic < ci; ic++, src += co) k[o++] = w[src];
    }
  }
  return out;
}

interface CachedKernels {
  /** The filter buffer's id on the wasm backend when the entry was made (ids are never reused). */
  readonly bufferId: number;
  /** Phase kernels by phase geometry, as raw wasm buffers owned by the cache. */
  readonly kernels: Map<string, tf.TensorInfo>;
}

/** Phase kernels by filter (its dataId): tfjs buffers never change, so a filter's phase kernels never do. */
const phaseKernelCache = new Map<object, CachedKernels>();

/** Frees the cached phase kernels of filters that no longer exist (all of them with `all`). */
export function sweepPhaseKernelCache(backendArg: unknown, all = false): void {
  if (phaseKernelCache.size === 0) return;
  const backend = wasmBackendOf(backendArg, 'Conv2DBackpropInput');
  for (const [dataId, entry] of phaseKernelCache) {
    if (!all && backend.dataIdMap.has(dataId) && backend.dataIdMap.get(dataId).id === entry.bufferId) continue;
    for (const k of entry.kernels.values()) backend.disposeData(k.dataId);
    phaseKernelCache.delete(dataId);
  }
}

let cachingEnabled = true;

/** Turns the phase-kernel cache on (the default) or off (then every call gathers its kernels afresh; turning it off frees the cache at the next call). */
export function setPhaseKernelCaching(enabled: boolean): void {
  cachingEnabled = enabled;
}

/** How many filters have cached phase kernels (for tests). */
export function phaseKernelCacheSize(): number {
  return phaseKernelCache.size;
}

/**
 * {@link gatherPhaseKernel}, cached per filter buffer: the returned tensor shares a cached buffer (the caller
 * disposes the tensor, not the buffer), so repeated calls with the same weights (inference, or the several
 * passes of a training step) reuse the kernel and wasm's XNNPACK reuses the operator it packed for it, which
 * it caches by buffer. Entries of filters that no longer exist are freed on the next call.
 */
export function cachedPhaseKernel(backendArg: unknown, filter: tf.TensorInfo, pr: PhaseTaps, pc: PhaseTaps, strides: readonly [number, number]): tf.Tensor4D {
  const backend = wasmBackendOf(backendArg, 'Conv2DBackpropInput');
  sweepPhaseKernelCache(backend, !cachingEnabled);
  if (!cachingEnabled) return tf.engine().makeTensorFromTensorInfo(gatherPhaseKernel(backend, filter, pr, pc, strides)) as tf.Tensor4D;
  const bufferId = backend.dataIdMap.get(filter.dataId).id;
  let entry = phaseKernelCache.get(filter.dataId);
  if (entry == null) {
    entry = { bufferId, kernels: new Map() };
    phaseKernelCache.set(filter.dataId, entry);
  }
  const key = `${pr.taps},${pr.firstFlippedTap},${pc.taps},${pc.firstFlippedTap},${strides[0]},${strides[1]}`;
  let info = entry.kernels.get(key);
  if (info == null) {
    info = gatherPhaseKernel(backend, filter, pr, pc, strides);
    entry.kernels.set(key, info);
  }
  backend.incRef(info.dataId); // the tensor's disposal gives this reference back; the cache keeps its own
  return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D;
}

/** One phase's output and where it goes: rows r, r+sh, ..., columns c, c+sw, ... of the full output. */
export interface PhasePart {
  readonly r: number;
  readonly c: number;
  /** `[N, rows, cols, C]`, or null for a phase no tap reaches (zeros). */
  readonly values: tf.TensorInfo | null;
}

/**
 * Interleaves the phase outputs of a transposed convolution into the full `[N, H, W, C]` output on the
 * wasm heap, in one pass (`out[n, r + sh·i, c + sw·j, :] = phase[n, i, j, :]`). Replaces stack + reshape
 * (+ pad + slice), which stock wasm runs as copies through Pack.
 */
export function interleavePhases(backendArg: unknown, outShape: readonly [number, number, number, number], strides: readonly [number, number], parts: readonly PhasePart[]): tf.TensorInfo {
  const backend = wasmBackendOf(backendArg, 'Conv2DBackpropInput');
  const [n, h, w, ch] = outShape;
  const [sh, sw] = strides;
  const out = makeF32Output(backend, [n, h, w, ch], parts.some((p) => p.values == null));
  const y = heapF32(backend, out);
  for (const part of parts) {
    if (part.values == null) continue;
    const [pn, rows, cols, pch] = part.values.shape;
    if (pn !== n || pch !== ch || rows !== Math.max(0, Math.ceil((h - part.r) / sh)) || cols !== Math.max(0, Math.ceil((w - part.c) / sw))) {
      throw new Error(`interleavePhases: phase (${part.r},${part.c}) has shape [${part.values.shape.join(',')}], which does not fit [${outShape.join(',')}]`);
    }
    const src = heapF32(backend, part.values);
    let s = 0;
    for (let b = 0; b < n; b++) {
      for (let i = 0; i < rows; i++) {
        let d = ((b * h + part.r + sh * i) * w + part.c) * ch;
        for (let j = 0; j < cols; j++, d += sw * ch) {
          for (let k = 0; k < ch; k++) y[d + k] = src[s + k];
          s += ch;
        }
      }
    }
  }
  return out;
}
