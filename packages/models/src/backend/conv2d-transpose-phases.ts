import * as tf from '@tensorflow/tfjs';
import { convGeometry, type ConvGeometry } from './conv-geometry';
import { withTensors } from './kernel-inputs';
import { cachedPhaseKernel, interleavePhases } from './kernels/conv2d-transpose-heap';

/** One output phase: which taps of the filter reach output rows (or columns) r, r+s, r+2s, ... */
interface Phase {
  /** Output rows in this phase. */
  count: number;
  /** Filter taps in this phase (0 when the stride is larger than the filter and none reach it). */
  taps: number;
  /** First tap, counted in the flipped filter. */
  firstFlippedTap: number;
  /** First dy row read (may be negative or past the end: those rows are zero padding). */
  firstDyRow: number;
}

/** Phase of output offset r (0 <= r < s) along one axis of length `size`, with dy length `dyLen`. */
function phase(r: number, size: number, stride: number, kernel: number, padBefore: number): Phase {
  const tapOffset = (r + padBefore) % stride; // taps a with (r + padBefore - a) divisible by the stride
  const taps = tapOffset < kernel ? Math.ceil((kernel - tapOffset) / stride) : 0;
  const count = r < size ? Math.ceil((size - r) / stride) : 0;
  const q0 = (r + padBefore - tapOffset) / stride; // dy row paired with the tap `tapOffset` for output row r
  return { count, taps, firstFlippedTap: kernel - 1 - tapOffset - stride * (taps - 1), firstDyRow: q0 - (taps - 1) };
}

/**
 * The input gradient of a 2-D NHWC convolution (`Conv2DBackpropInput`, which is also the forward pass of a
 * transposed convolution) as one stride-1 conv2d per output phase, interleaved.
 *
 * Output row y receives dy row i through filter tap a exactly when i*s + a = y + padTop. Grouping the rows
 * by r = y mod s, each group sees a fixed subset of taps (a ≡ r + padTop mod s), so it is a plain stride-1
 * correlation of dy with that sub-filter, flipped and with in/out channels swapped. The s*s phase results
 * are then interleaved into the full output.
 *
 * With `wasmBackend` (the wasm backend instance, inside a wasm kernel), each phase's sub-filter is
 * gathered in one pass on the wasm heap and cached per filter buffer (`cachedPhaseKernel`), and the phases
 * are interleaved in one pass ({@link interleavePhases}); otherwise with tfjs ops (reverse, strided slice, transpose; stack + reshape).
 * A 1x1 dy whose taps cover the output (the MVTec decoder's first, 8x8 `valid` layer) is one matrix
 * product instead: dx[n, y, x, :] = W[y + padTop, x + padLeft] · dy[n].
 */
export function conv2dTransposeByPhases(dy: tf.Tensor4D, filter: tf.Tensor4D, g: ConvGeometry, wasmBackend?: unknown): tf.Tensor4D {
  const [n, h, w, ci] = g.inShape;
  const [, ho, wo, co] = g.outShape;
  const [kh, kw] = g.filterShape;
  const [sh, sw] = g.strides;
  if (dy.shape[0] !== n || dy.shape[1] !== ho || dy.shape[2] !== wo || dy.shape[3] !== co) {
    throw new Error(`Conv2DBackpropInput: dy has shape [${dy.shape.join(',')}], expected [${g.outShape.join(',')}]`);
  }
  if (ho === 1 && wo === 1 && g.pad.top + h <= kh && g.pad.left + w <= kw) {
    return tf.tidy(() => {
      // W·dyᵀ rather than dy·Wᵀ: the operand wasm transposes and packs is then dy (small), not W.
      const colsT = tf.matMul(tf.reshape(filter, [kh * kw * ci, co]), tf.reshape(dy, [n, co]), false, true); // [kh·kw·Ci, N]
      const cols = n === 1 ? colsT : tf.transpose(colsT);
      const full = tf.reshape(cols, [n, kh, kw, ci]) as tf.Tensor4D;
      return h === kh && w === kw ? full : tf.slice(full, [0, g.pad.top, g.pad.left, 0], [n, h, w, ci]);
    });
  }
  return tf.tidy(() => {
    const flipped = wasmBackend == null ? tf.reverse(filter, [0, 1]) : null;
    const kernelOf = (pr: Phase, pc: Phase): tf.Tensor4D => {
      if (flipped == null) return cachedPhaseKernel(wasmBackend, filter, pr, pc, [sh, sw]);
      const sub = tf.stridedSlice(
        flipped,
        [pr.firstFlippedTap, pc.firstFlippedTap, 0, 0],
        [pr.firstFlippedTap + sh * (pr.taps - 1) + 1, pc.firstFlippedTap + sw * (pc.taps - 1) + 1, ci, co],
        [sh, sw, 1, 1],
      ) as tf.Tensor4D;
      return tf.transpose(sub, [0, 1, 3, 2]); // [taps_h, taps_w, Co, Ci]
    };
    const parts: Array<{ r: number; c: number; pr: Phase; pc: Phase; out: tf.Tensor4D | null }> = [];
    for (let r = 0; r < sh; r++) {
      const pr = phase(r, h, sh, kh, g.pad.top);
      for (let c = 0; c < sw; c++) {
        const pc = phase(c, w, sw, kw, g.pad.left);
        parts.push({ r, c, pr, pc, out: phaseOutput(dy, kernelOf, pr, pc) });
      }
    }
    if (wasmBackend != null) {
      const info = interleavePhases(wasmBackend, [n, h, w, ci], [sh, sw], parts.map(({ r, c, out }) => ({ r, c, values: out })));
      return tf.engine().makeTensorFromTensorInfo(info) as tf.Tensor4D;
    }
    if (sh === 1 && sw === 1) return parts[0].out ?? tf.zeros([n, h, w, ci]);
    const rowsPerPhase = Math.ceil(h / sh);
    const colsPerPhase = Math.ceil(w / sw);
    const rowBlocks: tf.Tensor5D[] = [];
    for (let r = 0; r < sh; r++) {
      const colBlocks = parts.slice(r * sw, (r + 1) * sw).map(({ pr, pc, out }) => {
        const o = out ?? tf.zeros<tf.Rank.R4>([n, pr.count, pc.count, ci]);
        return o.shape[1] === rowsPerPhase && o.shape[2] === colsPerPhase
          ? o
          : tf.pad(o, [[0, 0], [0, rowsPerPhase - o.shape[1]], [0, colsPerPhase - o.shape[2]], [0, 0]]);
      });
      rowBlocks.push(sw === 1 ? (tf.expandDims(colBlocks[0], 3) as tf.Tensor5D) : (tf.stack(colBlocks, 3) as tf.Tensor5D));
    }
    const all = sh === 1 ? tf.expandDims(rowBlocks[0], 2) : tf.stack(rowBlocks, 2); // [N, T, sh, U, sw, Ci]
    const full = tf.reshape(all, [n, rowsPerPhase * sh, colsPerPhase * sw, ci]) as tf.Tensor4D;
    return full.shape[1] === h && full.shape[2] === w ? full : tf.slice(full, [0, 0, 0, 0], [n, h, w, ci]);
  });
}

/** The `[N, pr.count, pc.count, Ci]` output of one phase, or null when no tap reaches it (zeros). */
function phaseOutput(dy: tf.Tensor4D, kernelOf: (pr: Phase, pc: Phase) => tf.Tensor4D, pr: Phase, pc: Phase): tf.Tensor4D | null {
  const [n, ho, wo] = dy.shape;
  const rowEnd = pr.firstDyRow + pr.count + pr.taps - 1; // exclusive
  const colEnd = pc.firstDyRow + pc.count + pc.taps - 1;
  const empty =
    pr.count === 0 || pc.count === 0 || pr.taps === 0 || pc.taps === 0 ||
    rowEnd <= 0 || colEnd <= 0 || pr.firstDyRow >= ho || pc.firstDyRow >= wo;
  if (empty) return null;
  const kernel = kernelOf(pr, pc);
  const r0 = Math.max(0, pr.firstDyRow);
  const c0 = Math.max(0, pc.firstDyRow);
  const r1 = Math.min(ho, rowEnd);
  const c1 = Math.min(wo, colEnd);
  const window = r0 === 0 && c0 === 0 && r1 === ho && c1 === wo ? dy : tf.slice(dy, [0, r0, c0, 0], [n, r1 - r0, c1 - c0, dy.shape[3]]);
  const padding: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [r0 - pr.firstDyRow, rowEnd - r1],
    [c0 - pc.firstDyRow, colEnd - c1],
    [0, 0],
  ];
  const noPad = padding[1][0] === 0 && padding[1][1] === 0 && padding[2][0] === 0 && padding[2][1] === 0;
  return tf.conv2d(window, kernel, 1, noPad ? 'valid' : padding);
}

/** Kernel config: `Conv2DBackpropInput` for `backendName` computed by {@link conv2dTransposeByPhases}. */
export function conv2dBackpropInputKernel(backendName: string): tf.KernelConfig {
  return {
    kernelName: tf.Conv2DBackpropInput,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const a = attrs as unknown as tf.Conv2DBackpropInputAttrs;
      const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
      const g = convGeometry('Conv2DBackpropInput', a.inputShape, filter.shape, {
        strides: a.strides,
        pad: a.pad,
        dataFormat: a.dataFormat,
        dimRoundingMode: a.dimRoundingMode,
      });
      const heap = backendName === 'wasm' ? backend : undefined;
      return withTensors([dy, filter], ([d, f]) => conv2dTransposeByPhases(d as tf.Tensor4D, f as tf.Tensor4D, g, heap));
    },
  };
}
