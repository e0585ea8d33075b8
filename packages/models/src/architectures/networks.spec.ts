import * as tf from '@tensorflow/tfjs';
import {
  buildDecoder,
  buildEncoder,
  buildImageDiscriminator,
  buildLatentDiscriminator,
  buildVariationalEncoder,
  countTrainableParams,
  decoderLogitsView,
} from './networks';
import { defaultArchitecture, validateNetworkSpec, type NetworkSpec } from './network-spec';
import { useTestBackend } from '../test-utils/test-backend';

beforeAll(useTestBackend);

const small28: NetworkSpec = { inputShape: [28, 28, 1], latentDim: 32, architecture: 'small' };
const small32: NetworkSpec = { inputShape: [32, 32, 3], latentDim: 32, architecture: 'small' };
const mvtecRgb: NetworkSpec = { inputShape: [128, 128, 3], latentDim: 128, architecture: 'mvtec' };
const mvtecGrey: NetworkSpec = { inputShape: [128, 128, 1], latentDim: 128, architecture: 'mvtec' };

describe('parameter counts (spec 2.2, 2.3)', () => {
  it('small AE at 28x28x1, L=32: 58,816 + 60,257 = 119,073', () => {
    const enc = buildEncoder(small28, 1);
    const dec = buildDecoder(small28, 2);
    expect(countTrainableParams(enc)).toBe(58_816);
    expect(countTrainableParams(dec)).toBe(60_257);
    expect(countTrainableParams(enc, dec)).toBe(119_073);
  });

  it('small AE at 32x32x3, L=32: 150,787', () => {
    expect(countTrainableParams(buildEncoder(small32, 1), buildDecoder(small32, 2))).toBe(150_787);
  });

  it('MVTec AE RGB, L=128: 431,072 + 504,739 = 935,811', () => {
    const enc = buildEncoder(mvtecRgb, 1);
    const dec = buildDecoder(mvtecRgb, 2);
    expect(countTrainableParams(enc)).toBe(431_072);
    expect(countTrainableParams(dec)).toBe(504_739);
  });

  it('MVTec AE-con (AE + D_x + f_con): 1,798,084 RGB and 1,793,986 grey', () => {
    for (const [spec, expected] of [
      [mvtecRgb, 1_798_084],
      [mvtecGrey, 1_793_986],
    ] as const) {
      const nets = [buildEncoder(spec, 1), buildDecoder(spec, 2), buildImageDiscriminator(spec, 3), buildEncoder(spec, 4, 'consistency_encoder')];
      expect(countTrainableParams(...nets)).toBe(expected);
    }
  });
});

describe('output shapes', () => {
  it.each([
    [small28, 2],
    [small32, 2],
    [{ ...mvtecGrey, latentDim: 16 }, 1],
    [{ ...mvtecRgb, latentDim: 16 }, 1],
  ] as const)('%j', async (spec, n) => {
    const [h, w, c] = spec.inputShape;
    const L = spec.latentDim;
    const nets = [buildEncoder(spec, 1), buildVariationalEncoder(spec, 2), buildDecoder(spec, 3), buildImageDiscriminator(spec, 4)];
    const [enc, venc, dec, disc] = nets;
    const [lowest, highest] = tf.tidy(() => {
      const x = tf.randomUniform([n, h, w, c], 0, 1, 'float32', 5) as tf.Tensor4D;
      expect((enc.apply(x) as tf.Tensor).shape).toEqual([n, L]);
      const [mean, logVar] = venc.apply(x) as tf.Tensor[];
      expect(mean.shape).toEqual([n, L]);
      expect(logVar.shape).toEqual([n, L]);
      const xHat = dec.apply(tf.zeros([n, L])) as tf.Tensor;
      expect(xHat.shape).toEqual([n, h, w, c]);
      expect((decoderLogitsView(dec).apply(tf.zeros([n, L])) as tf.Tensor).shape).toEqual([n, h, w, c]);
      const [q, p] = disc.apply(x) as tf.Tensor[];
      expect(q.shape).toEqual([n, L]);
      expect(p.shape).toEqual([n, 1]);
      return [xHat.min(), xHat.max()];
    });
    expect((await lowest.data())[0]).toBeGreaterThanOrEqual(0);
    expect((await highest.data())[0]).toBeLessThanOrEqual(1);
    tf.dispose([lowest, highest]);
  });

  it('D_z maps [N,L] to one logit per row', () => {
    const dz = buildLatentDiscriminator(8, 1);
    tf.tidy(() => expect((dz.apply(tf.zeros([3, 8])) as tf.Tensor).shape).toEqual([3, 1]));
  });
});

describe('seeding', () => {
  it('builds identical weights from the same seed and different ones from another', async () => {
    const spec: NetworkSpec = { inputShape: [8, 8, 1], latentDim: 4, architecture: 'small' };
    const a = await buildEncoder(spec, 11).getWeights()[0].array();
    const b = await buildEncoder(spec, 11).getWeights()[0].array();
    const c = await buildEncoder(spec, 12).getWeights()[0].array();
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });
});

describe('network spec', () => {
  it('picks mvtec for square 64-256 images and small otherwise', () => {
    expect(defaultArchitecture([128, 128, 3])).toBe('mvtec');
    expect(defaultArchitecture([28, 28, 1])).toBe('small');
    expect(defaultArchitecture([32, 32, 3])).toBe('small');
  });

  it('rejects shapes the architecture cannot build', () => {
    expect(() => validateNetworkSpec({ inputShape: [30, 30, 1], latentDim: 8, architecture: 'small' })).toThrow(/divisible by 4/);
    expect(() => validateNetworkSpec({ inputShape: [100, 100, 3], latentDim: 8, architecture: 'mvtec' })).toThrow(/square images/);
    expect(() => validateNetworkSpec({ inputShape: [28, 28, 1], latentDim: 0, architecture: 'small' })).toThrow(/latentDim/);
  });
});
