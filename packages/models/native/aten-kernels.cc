// nln's optional native kernels, run by libtorch's ATen (oneDNN on x86) directly on tfjs wasm tensors: the
// convolutions (forward, with bias and activation fused, and both gradients), the pooling gradients (max
// pooling, nearest upsampling), nearest upsampling itself, and BatchNorm (the training pass with its gradient,
// and the inference pass). Every tensor arrives as a
// Float32Array view of the wasm heap, in tfjs layouts (activations NHWC, filters HWIO); ATen reads and
// writes them in place through strided views, so nothing is copied in, and each result is copied once
// into the output tensor tfjs allocated. Padding is explicit (top, bottom, left, right), as tfjs computes
// it; uneven padding is applied to the input first, since ATen pads both sides alike.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <napi.h>
#include <torch/version.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace {

using Shape4 = std::array<int64_t, 4>;

// An array of N integers, each at least `min`; errors name the argument.
template <size_t N>
std::array<int64_t, N> intsArg(const Napi::Value& value, const std::string& what, int64_t min) {
  if (!value.IsArray() || value.As<Napi::Array>().Length() != N) {
    throw Napi::TypeError::New(value.Env(), what + ": expected an array of " + std::to_string(N) + " integers");
  }
  Napi::Array a = value.As<Napi::Array>();
  std::array<int64_t, N> r{};
  for (uint32_t i = 0; i < N; i++) {
    r[i] = a.Get(i).As<Napi::Number>().Int64Value();
    if (r[i] < min) throw Napi::RangeError::New(value.Env(), what + ": each must be at least " + std::to_string(min));
  }
  return r;
}

Shape4 shapeArg(const Napi::Value& value, const char* what) { return intsArg<4>(value, what, 1); }

float* floatsArg(const Napi::Value& value, int64_t count, const char* what) {
  if (!value.IsTypedArray() || value.As<Napi::TypedArray>().TypedArrayType() != napi_float32_array) {
    throw Napi::TypeError::New(value.Env(), std::string(what) + ": expected a Float32Array");
  }
  Napi::Float32Array a = value.As<Napi::Float32Array>();
  if (static_cast<int64_t>(a.ElementLength()) != count) {
    throw Napi::RangeError::New(value.Env(), std::string(what) + ": " + std::to_string(a.ElementLength()) +
                                                 " values for a shape of " + std::to_string(count));
  }
  return a.Data();
}

int64_t count(const Shape4& s) { return s[0] * s[1] * s[2] * s[3]; }

// An NHWC buffer as ATen's NCHW tensor in channels-last layout (no copy).
at::Tensor nhwc(float* data, const Shape4& s) {
  return at::from_blob(data, {s[0], s[3], s[1], s[2]}, {s[1] * s[2] * s[3], 1, s[2] * s[3], s[3]}, at::kFloat);
}

// An HWIO filter buffer as ATen's OIHW weight (no copy).
at::Tensor hwio(float* data, const Shape4& s) {
  return at::from_blob(data, {s[3], s[2], s[0], s[1]}, {1, s[3], s[1] * s[2] * s[3], s[2] * s[3]}, at::kFloat);
}

struct Geometry {
  std::array<int64_t, 2> strides;
  std::array<int64_t, 2> dilations;
  std::array<int64_t, 4> pads;  // top, bottom, left, right
  bool even() const { return pads[0] == pads[1] && pads[2] == pads[3]; }
  std::array<int64_t, 2> padding() const { return even() ? std::array<int64_t, 2>{pads[0], pads[2]} : std::array<int64_t, 2>{0, 0}; }
};

Geometry geometryArg(const Napi::Value& value) {
  if (!value.IsObject()) throw Napi::TypeError::New(value.Env(), "geometry: expected { strides, dilations, pads }");
  Napi::Object o = value.As<Napi::Object>();
  Geometry g{intsArg<2>(o.Get("strides"), "geometry.strides", 0), intsArg<2>(o.Get("dilations"), "geometry.dilations", 0),
             intsArg<4>(o.Get("pads"), "geometry.pads", 0)};
  if (g.strides[0] < 1 || g.strides[1] < 1 || g.dilations[0] < 1 || g.dilations[1] < 1) {
    throw Napi::RangeError::New(value.Env(), "geometry: strides and dilations must be at least 1");
  }
  return g;
}

// The input as the convolution sees it: padded explicitly when the padding is uneven.
at::Tensor padded(const at::Tensor& x, const Geometry& g) {
  if (g.even()) return x;
  return at::constant_pad_nd(x, {g.pads[2], g.pads[3], g.pads[0], g.pads[1]}, 0);
}

template <typename F>
Napi::Value guarded(const Napi::CallbackInfo& info, F body) {
  try {
    body();
  } catch (const Napi::Error&) {
    throw;
  } catch (const std::exception& e) {
    throw Napi::Error::New(info.Env(), std::string("libtorch: ") + e.what());
  }
  return info.Env().Undefined();
}

// fusedConv2d(x, xShape, w, wShape, bias | null, y, yShape, geometry, activation, alpha): y = act(x * w + bias),
// activation one of linear, relu, relu6, sigmoid, leakyrelu (alpha its slope below zero); with no bias and
// linear, the plain convolution.
Napi::Value FusedConv2d(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 xs = shapeArg(info[1], "xShape"), ws = shapeArg(info[3], "wShape"), ys = shapeArg(info[6], "yShape");
    at::Tensor x = nhwc(floatsArg(info[0], count(xs), "x"), xs);
    at::Tensor w = hwio(floatsArg(info[2], count(ws), "w"), ws);
    c10::optional<at::Tensor> bias;
    if (!info[4].IsNull()) bias = at::from_blob(floatsArg(info[4], ws[3], "bias"), {ws[3]}, at::kFloat);
    at::Tensor y = nhwc(floatsArg(info[5], count(ys), "y"), ys);
    Geometry g = geometryArg(info[7]);
    std::string activation = info[8].As<Napi::String>().Utf8Value();
    double alpha = info[9].As<Napi::Number>().DoubleValue();
    at::NoGradGuard noGrad;
    at::Tensor out = at::convolution(padded(x, g), w.contiguous(at::MemoryFormat::ChannelsLast), bias, g.strides, g.padding(), g.dilations, false, {0, 0}, 1);
    if (activation == "relu") out.relu_();
    else if (activation == "relu6") out.clamp_(0, 6);
    else if (activation == "sigmoid") out.sigmoid_();
    else if (activation == "leakyrelu") at::leaky_relu_(out, alpha);
    else if (activation != "linear") throw Napi::Error::New(info.Env(), "fusedConv2d: unsupported activation " + activation);
    y.copy_(out);
  });
}

// conv2dBackpropFilter(x, xShape, dy, dyShape, dw, wShape, geometry): dw = d(loss)/dw.
Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 xs = shapeArg(info[1], "xShape"), ys = shapeArg(info[3], "dyShape"), ws = shapeArg(info[5], "wShape");
    at::Tensor x = nhwc(floatsArg(info[0], count(xs), "x"), xs);
    at::Tensor dy = nhwc(floatsArg(info[2], count(ys), "dy"), ys);
    at::Tensor dw = hwio(floatsArg(info[4], count(ws), "dw"), ws);
    Geometry g = geometryArg(info[6]);
    at::NoGradGuard noGrad;
    at::Tensor shape = at::empty({ws[3], ws[2], ws[0], ws[1]}, at::TensorOptions().dtype(at::kFloat).memory_format(at::MemoryFormat::ChannelsLast));
    auto grads = at::convolution_backward(dy, padded(x, g), shape, at::nullopt, g.strides, g.padding(), g.dilations, false, {0, 0}, 1, {false, true, false});
    dw.copy_(std::get<1>(grads));
  });
}

// conv2dBackpropInput(dy, dyShape, w, wShape, dx, xShape, geometry): dx = d(loss)/dx, the transposed convolution.
Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 ys = shapeArg(info[1], "dyShape"), ws = shapeArg(info[3], "wShape"), xs = shapeArg(info[5], "xShape");
    at::Tensor dy = nhwc(floatsArg(info[0], count(ys), "dy"), ys);
    at::Tensor w = hwio(floatsArg(info[2], count(ws), "w"), ws);
    at::Tensor dx = nhwc(floatsArg(info[4], count(xs), "dx"), xs);
    Geometry g = geometryArg(info[6]);
    at::NoGradGuard noGrad;
    int64_t hp = xs[1] + (g.even() ? 0 : g.pads[0] + g.pads[1]);
    int64_t wp = xs[2] + (g.even() ? 0 : g.pads[2] + g.pads[3]);
    at::Tensor shape = at::empty({xs[0], xs[3], hp, wp}, at::TensorOptions().dtype(at::kFloat).memory_format(at::MemoryFormat::ChannelsLast));
    auto grads = at::convolution_backward(dy, shape, w.contiguous(at::MemoryFormat::ChannelsLast), at::nullopt, g.strides, g.padding(), g.dilations, false, {0, 0}, 1, {true, false, false});
    at::Tensor gi = std::get<0>(grads);
    if (!g.even()) gi = gi.slice(2, g.pads[0], g.pads[0] + xs[1]).slice(3, g.pads[2], g.pads[2] + xs[2]);
    dx.copy_(gi);
  });
}

// maxPoolGrad(x, xShape, dy, dyShape, dx, window, strides, pads): the output gradient routed to each
// window's maximum (the first in row-major order on ties, as tfjs does); padding is -infinity, never a maximum.
Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 xs = shapeArg(info[1], "xShape"), ys = shapeArg(info[3], "dyShape");
    at::Tensor x = nhwc(floatsArg(info[0], count(xs), "x"), xs);
    at::Tensor dy = nhwc(floatsArg(info[2], count(ys), "dy"), ys);
    at::Tensor dx = nhwc(floatsArg(info[4], count(xs), "dx"), xs);
    auto window = intsArg<2>(info[5], "window", 1);
    auto strides = intsArg<2>(info[6], "strides", 1);
    auto pads = intsArg<4>(info[7], "pads", 0);
    at::NoGradGuard noGrad;
    bool pad = pads[0] + pads[1] + pads[2] + pads[3] > 0;
    at::Tensor xp = pad ? at::constant_pad_nd(x, {pads[2], pads[3], pads[0], pads[1]}, -std::numeric_limits<double>::infinity()) : x;
    auto pooled = at::max_pool2d_with_indices(xp, window, strides, {0, 0}, {1, 1}, false);
    if (std::get<0>(pooled).size(2) != ys[1] || std::get<0>(pooled).size(3) != ys[2]) {
      throw Napi::RangeError::New(info.Env(), "maxPoolGrad: dyShape does not match the pooled size");
    }
    at::Tensor gi = at::max_pool2d_with_indices_backward(dy, xp, window, strides, {0, 0}, {1, 1}, false, std::get<1>(pooled));
    if (pad) gi = gi.slice(2, pads[0], pads[0] + xs[1]).slice(3, pads[2], pads[2] + xs[2]);
    dx.copy_(gi);
  });
}

// Throws unless `large` is `small` scaled up by whole factors in height and width (same batch and channels).
void checkWholeFactors(const Napi::Env& env, const Shape4& small, const Shape4& large, const char* what) {
  if (large[0] != small[0] || large[3] != small[3] || large[1] % small[1] != 0 || large[2] % small[2] != 0) {
    throw Napi::RangeError::New(env, std::string(what) + ": the output must be the input scaled by whole factors");
  }
}

// resizeNearestGrad(dy, dyShape, dx, xShape): the gradient of nearest upsampling by whole factors (each
// input pixel's block of output gradients summed).
Napi::Value ResizeNearestGrad(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 ys = shapeArg(info[1], "dyShape"), xs = shapeArg(info[3], "xShape");
    checkWholeFactors(info.Env(), xs, ys, "resizeNearestGrad");
    at::Tensor dy = nhwc(floatsArg(info[0], count(ys), "dy"), ys);
    at::Tensor dx = nhwc(floatsArg(info[2], count(xs), "dx"), xs);
    at::NoGradGuard noGrad;
    dx.copy_(at::upsample_nearest2d_backward(dy, {ys[1], ys[2]}, {xs[0], xs[3], xs[1], xs[2]}, static_cast<double>(ys[1] / xs[1]), static_cast<double>(ys[2] / xs[2])));
  });
}

// resizeNearest(x, xShape, y, yShape): nearest upsampling by whole factors (each output pixel copies the
// input pixel whose block it lies in), rows of output split over ATen's threads.
Napi::Value ResizeNearest(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 xs = shapeArg(info[1], "xShape"), ys = shapeArg(info[3], "yShape");
    checkWholeFactors(info.Env(), xs, ys, "resizeNearest");
    const float* x = floatsArg(info[0], count(xs), "x");
    float* y = floatsArg(info[2], count(ys), "y");
    const int64_t fh = ys[1] / xs[1], fw = ys[2] / xs[2], c = xs[3], rowValues = ys[2] * c;
    at::parallel_for(0, ys[0] * ys[1], std::max<int64_t>(1, (1 << 15) / rowValues), [&](int64_t begin, int64_t end) {
      for (int64_t row = begin; row < end; row++) {
        const int64_t n = row / ys[1], oy = row % ys[1];
        const float* src = x + (n * xs[1] + oy / fh) * xs[2] * c;
        float* dst = y + row * rowValues;
        for (int64_t ox = 0; ox < ys[2]; ox++) std::memcpy(dst + ox * c, src + (ox / fw) * c, c * sizeof(float));
      }
    });
  });
}

// batchNormInference(x, [pixels, channels], mean, variance, offset | null, scale | null, y, epsilon): BatchNorm
// with fixed statistics over a [pixels, channels] buffer, y = (x - mean) * scale / sqrt(variance + epsilon) + offset
// (scale 1 and offset 0 where null), in one pass split over ATen's threads.
Napi::Value BatchNormInference(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    const std::array<int64_t, 2> shape = intsArg<2>(info[1], "shape", 1);
    const int64_t pixels = shape[0], c = shape[1];
    const float* x = floatsArg(info[0], pixels * c, "x");
    const float* mean = floatsArg(info[2], c, "mean");
    const float* variance = floatsArg(info[3], c, "variance");
    const float* offset = info[4].IsNull() ? nullptr : floatsArg(info[4], c, "offset");
    const float* scale = info[5].IsNull() ? nullptr : floatsArg(info[5], c, "scale");
    float* y = floatsArg(info[6], pixels * c, "y");
    const float epsilon = info[7].As<Napi::Number>().FloatValue();
    std::vector<float> factor(c), shift(c);
    for (int64_t k = 0; k < c; k++) {
      factor[k] = (scale == nullptr ? 1.0f : scale[k]) / std::sqrt(variance[k] + epsilon);
      shift[k] = offset == nullptr ? 0.0f : offset[k];
    }
    const float* f = factor.data();
    const float* b = shift.data();
    at::parallel_for(0, pixels, std::max<int64_t>(1, (1 << 15) / c), [&](int64_t begin, int64_t end) {
      for (int64_t p = begin; p < end; p++) {
        const float* xp = x + p * c;
        float* yp = y + p * c;
        for (int64_t k = 0; k < c; k++) yp[k] = (xp[k] - mean[k]) * f[k] + b[k];
      }
    });
  });
}

at::Tensor channelsArg(const Napi::Value& value, int64_t channels, const char* what) {
  return at::from_blob(floatsArg(value, channels, what), {channels}, at::kFloat);
}

// batchNormTraining(x, xShape, scale, offset, y, mean, variance, epsilon): BatchNorm in training mode over N, H
// and W: the batch's per-channel mean and (biased) variance, and y = (x - mean) / sqrt(variance + epsilon) *
// scale + offset.
Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 xs = shapeArg(info[1], "xShape");
    int64_t c = xs[3];
    at::Tensor x = nhwc(floatsArg(info[0], count(xs), "x"), xs);
    at::Tensor scale = channelsArg(info[2], c, "scale"), offset = channelsArg(info[3], c, "offset");
    at::Tensor y = nhwc(floatsArg(info[4], count(xs), "y"), xs);
    at::Tensor mean = channelsArg(info[5], c, "mean"), variance = channelsArg(info[6], c, "variance");
    double epsilon = info[7].As<Napi::Number>().DoubleValue();
    at::NoGradGuard noGrad;
    // ATen's own training-mode kernel (one pass for the statistics, one for y, channels-last aware); it
    // returns 1/sqrt(variance + epsilon), from which the variance is recovered in double precision.
    auto r = at::native_batch_norm(x, scale, offset, {}, {}, true, 0.0, epsilon);
    y.copy_(std::get<0>(r));
    mean.copy_(std::get<1>(r));
    at::Tensor invstd = std::get<2>(r).to(at::kDouble);
    variance.copy_(1.0 / (invstd * invstd) - epsilon);
  });
}

// batchNormTrainingGrad(dy, x, xShape, scale, mean, variance, dx, dscale, doffset, epsilon): the gradients of
// batchNormTraining's y, the batch statistics included (the closed form, as PyTorch computes it).
Napi::Value BatchNormTrainingGrad(const Napi::CallbackInfo& info) {
  return guarded(info, [&] {
    Shape4 xs = shapeArg(info[2], "xShape");
    int64_t c = xs[3];
    at::Tensor dy = nhwc(floatsArg(info[0], count(xs), "dy"), xs);
    at::Tensor x = nhwc(floatsArg(info[1], count(xs), "x"), xs);
    at::Tensor scale = channelsArg(info[3], c, "scale"), mean = channelsArg(info[4], c, "mean"), variance = channelsArg(info[5], c, "variance");
    at::Tensor dx = nhwc(floatsArg(info[6], count(xs), "dx"), xs);
    at::Tensor dscale = channelsArg(info[7], c, "dscale"), doffset = channelsArg(info[8], c, "doffset");
    double epsilon = info[9].As<Napi::Number>().DoubleValue();
    at::NoGradGuard noGrad;
    auto grads = at::native_batch_norm_backward(dy, x, scale, {}, {}, mean, at::rsqrt(variance + epsilon), true, epsilon, {true, true, true});
    dx.copy_(std::get<0>(grads));
    dscale.copy_(std::get<1>(grads));
    doffset.copy_(std::get<2>(grads));
  });
}

// setThreads(n): ATen's intra-op threads for calls from this thread.
Napi::Value SetThreads(const Napi::CallbackInfo& info) {
  int64_t n = info[0].As<Napi::Number>().Int64Value();
  if (n < 1) throw Napi::RangeError::New(info.Env(), "setThreads: n must be at least 1");
  at::set_num_threads(static_cast<int>(n));
  return info.Env().Undefined();
}

Napi::Value Threads(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), at::get_num_threads()); }

Napi::Value Version(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(), "libtorch " + std::to_string(TORCH_VERSION_MAJOR) + "." + std::to_string(TORCH_VERSION_MINOR) + "." + std::to_string(TORCH_VERSION_PATCH));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("fusedConv2d", Napi::Function::New(env, FusedConv2d));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2dBackpropFilter));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2dBackpropInput));
  exports.Set("maxPoolGrad", Napi::Function::New(env, MaxPoolGrad));
  exports.Set("resizeNearestGrad", Napi::Function::New(env, ResizeNearestGrad));
  exports.Set("resizeNearest", Napi::Function::New(env, ResizeNearest));
  exports.Set("batchNormInference", Napi::Function::New(env, BatchNormInference));
  exports.Set("batchNormTraining", Napi::Function::New(env, BatchNormTraining));
  exports.Set("batchNormTrainingGrad", Napi::Function::New(env, BatchNormTrainingGrad));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("threads", Napi::Function::New(env, Threads));
  exports.Set("version", Napi::Function::New(env, Version));
  return exports;
}

}  // namespace

NODE_API_MODULE(nln_aten, Init)
