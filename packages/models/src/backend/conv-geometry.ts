import * as tf from '@tensorflow/tfjs';

/** Padding as tfjs conv ops accept it: a mode, one number for every side, or explicit NHWC pairs. */
export type ConvPadding = 'same' | 'valid' | number | [[number, number], [number, number], [number, number], [number, number]];

/** Resolved geometry of a 2-D NHWC convolution: what every kernel of this folder computes from. */
export interface ConvGeometry {
  /** Input `[N, H, W, Ci]`. */
  readonly inShape: [number, number, number, number];
  /** Output `[N, Ho, Wo, Co]`. */
  readonly outShape: [number, number, number, number];
  /** Filter `[kh, kw, Ci, Co]`. */
  readonly filterShape: [number, number, number, number];
  /** Strides `[sh, sw]`. */
  readonly strides: [number, number];
  /** Zero padding actually applied on each side. */
  readonly pad: { top: number; bottom: number; left: number; right: number };
}

function pair(name: string, kernel: string, value: number | [number, number] | undefined, fallback: number): [number, number] {
  const v: [number, number] = value == null ? [fallback, fallback] : typeof value === 'number' ? [value, value] : value;
  if (v.length !== 2 || !v.every((n) => Number.isInteger(n) && n >= 1)) {
    throw new Error(`${kernel}: ${name} must be positive integers, got ${JSON.stringify(value)}`);
  }
  return v;
}

/**
 * Checks the attributes of a conv kernel call and resolves its geometry with tfjs' own rules (so output
 * sizes and `same` padding match every other backend). Throws a clear error for anything our wasm
 * kernels do not implement (NCHW, dilation with stride, non-integer sizes) instead of computing garbage.
 */
export function convGeometry(
  kernel: string,
  inShape: readonly number[],
  filterShape: readonly number[],
  attrs: {
    strides: number | [number, number];
    pad: ConvPadding;
    dataFormat?: string;
    dilations?: number | [number, number];
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
  },
): ConvGeometry {
  if (attrs.dataFormat != null && attrs.dataFormat !== 'NHWC') {
    throw new Error(`${kernel}: only dataFormat 'NHWC' is implemented, got '${attrs.dataFormat}'`);
  }
  if (inShape.length !== 4 || filterShape.length !== 4) {
    throw new Error(`${kernel}: expected a rank-4 input and filter, got [${inShape.join(',')}] and [${filterShape.join(',')}]`);
  }
  if (inShape[3] !== filterShape[2]) {
    throw new Error(`${kernel}: input has ${inShape[3]} channels but the filter expects ${filterShape[2]}`);
  }
  const strides = pair('strides', kernel, attrs.strides, 1);
  const dilations = pair('dilations', kernel, attrs.dilations, 1);
  if (dilations[0] !== 1 || dilations[1] !== 1) {
    throw new Error(`${kernel}: dilations ${JSON.stringify(attrs.dilations)} are not implemented (only 1)`);
  }
  const pad = attrs.pad;
  const padOk =
    pad === 'same' ||
    pad === 'valid' ||
    (typeof pad === 'number' && Number.isInteger(pad) && pad >= 0) ||
    (Array.isArray(pad) && pad.length === 4 && pad.every((p) => p.length === 2 && p.every((n) => Number.isInteger(n) && n >= 0)));
  if (!padOk) throw new Error(`${kernel}: unsupported pad ${JSON.stringify(pad)}`);
  if (Array.isArray(pad) && (pad[0][0] || pad[0][1] || pad[3][0] || pad[3][1])) {
    throw new Error(`${kernel}: explicit padding of the batch or channel axis is not supported: ${JSON.stringify(pad)}`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    inShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    1,
    pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  if (info.outHeight < 1 || info.outWidth < 1) {
    throw new Error(`${kernel}: the filter [${filterShape.join(',')}] does not fit the input [${inShape.join(',')}] with pad ${JSON.stringify(pad)}`);
  }
  return {
    inShape: [info.batchSize, info.inHeight, info.inWidth, info.inChannels],
    outShape: [info.batchSize, info.outHeight, info.outWidth, info.outChannels],
    filterShape: [info.filterHeight, info.filterWidth, info.inChannels, info.outChannels],
    strides,
    pad: { top: info.padInfo.top, bottom: info.padInfo.bottom, left: info.padInfo.left, right: info.padInfo.right },
  };
}
