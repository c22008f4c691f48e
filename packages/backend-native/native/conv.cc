// 2-D convolutions (NHWC) as im2col + sgemm, their two backprops, and depthwise convolutions.
#include <cblas.h>

#include <algorithm>
#include <cstring>

#include "common.h"

namespace kts {
namespace {

// Geometry shared by every convolution entry point, read from one integer array:
// [batch, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels,
//  filterHeight, filterWidth, strideHeight, strideWidth, dilationHeight, dilationWidth, padTop, padLeft]
struct Geometry {
  int64_t batch, inH, inW, inC, outH, outW, outC, fH, fW, sH, sW, dH, dW, padTop, padLeft;
  int64_t patch() const { return fH * fW * inC; }
  int64_t outPixels() const { return outH * outW; }
};

Geometry geometryOf(const Napi::Value& value) {
  std::vector<int64_t> p = intsOf(value, "geometry");
  if (p.size() != 15) throw Napi::RangeError::New(value.Env(), "conv geometry must hold 15 integers");
  return Geometry{p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10], p[11], p[12], p[13], p[14]};
}

// Images per im2col chunk, so the column buffer stays near 32 MiB.
int64_t imagesPerChunk(const Geometry& g) {
  const int64_t perImage = std::max<int64_t>(1, g.outPixels() * g.patch());
  return std::max<int64_t>(1, std::min<int64_t>(g.batch, (int64_t{8} << 20) / perImage));
}

void im2col(const Geometry& g, const float* x, int64_t firstImage, int64_t images, float* col) {
  const int64_t patch = g.patch();
  for (int64_t n = 0; n < images; ++n) {
    const float* image = x + (firstImage + n) * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; ++oh) {
      for (int64_t ow = 0; ow < g.outW; ++ow) {
        float* row = col + ((n * g.outH + oh) * g.outW + ow) * patch;
        for (int64_t fh = 0; fh < g.fH; ++fh) {
          const int64_t ih = oh * g.sH - g.padTop + fh * g.dH;
          for (int64_t fw = 0; fw < g.fW; ++fw) {
            const int64_t iw = ow * g.sW - g.padLeft + fw * g.dW;
            float* target = row + (fh * g.fW + fw) * g.inC;
            if (ih < 0 || ih >= g.inH || iw < 0 || iw >= g.inW)
              std::memset(target, 0, static_cast<size_t>(g.inC) * sizeof(float));
            else
              std::memcpy(target, image + (ih * g.inW + iw) * g.inC, static_cast<size_t>(g.inC) * sizeof(float));
          }
        }
      }
    }
  }
}

void col2im(const Geometry& g, const float* col, int64_t firstImage, int64_t images, float* dx) {
  const int64_t patch = g.patch();
  for (int64_t n = 0; n < images; ++n) {
    float* image = dx + (firstImage + n) * g.inH * g.inW * g.inC;
    for (int64_t oh = 0; oh < g.outH; ++oh) {
      for (int64_t ow = 0; ow < g.outW; ++ow) {
        const float* row = col + ((n * g.outH + oh) * g.outW + ow) * patch;
        for (int64_t fh = 0; fh < g.fH; ++fh) {
          const int64_t ih = oh * g.sH - g.padTop + fh * g.dH;
          if (ih < 0 || ih >= g.inH) continue;
          for (int64_t fw = 0; fw < g.fW; ++fw) {
            const int64_t iw = ow * g.sW - g.padLeft + fw * g.dW;
            if (iw < 0 || iw >= g.inW) continue;
            const float* source = row + (fh * g.fW + fw) * g.inC;
            float* target = image + (ih * g.inW + iw) * g.inC;
            for (int64_t c = 0; c < g.inC; ++c) target[c] += source[c];
          }
        }
      }
    }
  }
}

void checkFloat(const Napi::CallbackInfo& info, std::initializer_list<std::pair<View, size_t>> arrays) {
  for (const auto& [view, expected] : arrays)
    if (view.type != ElementType::Float32 || view.length != expected)
      throw Napi::RangeError::New(info.Env(), "conv: array type or size disagrees with the geometry");
}

// conv2d(x, filter, out, geometry): filter is [fH, fW, inC, outC] (HWIO).
Napi::Value Conv2D(const Napi::CallbackInfo& info) {
  View x = viewOf(info[0], "x"), filter = viewOf(info[1], "filter"), out = viewOf(info[2], "out");
  const Geometry g = geometryOf(info[3]);
  checkFloat(info, {{x, g.batch * g.inH * g.inW * g.inC}, {filter, g.patch() * g.outC},
                    {out, g.batch * g.outPixels() * g.outC}});
  const int64_t chunk = imagesPerChunk(g);
  std::vector<float> col(static_cast<size_t>(chunk * g.outPixels() * g.patch()));
  for (int64_t first = 0; first < g.batch; first += chunk) {
    const int64_t images = std::min(chunk, g.batch - first);
    im2col(g, x.f32(), first, images, col.data());
    const int m = static_cast<int>(images * g.outPixels());
    sgemm(CblasNoTrans, CblasNoTrans, m, static_cast<int>(g.outC), static_cast<int>(g.patch()),
                1.0f, col.data(), static_cast<int>(g.patch()), filter.f32(), static_cast<int>(g.outC), 0.0f,
                out.f32() + first * g.outPixels() * g.outC, static_cast<int>(g.outC));
  }
  return info.Env().Undefined();
}

// conv2dBackpropInput(dy, filter, dx, geometry)
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo& info) {
  View dy = viewOf(info[0], "dy"), filter = viewOf(info[1], "filter"), dx = viewOf(info[2], "dx");
  const Geometry g = geometryOf(info[3]);
  checkFloat(info, {{dy, g.batch * g.outPixels() * g.outC}, {filter, g.patch() * g.outC},
                    {dx, g.batch * g.inH * g.inW * g.inC}});
  std::fill(dx.f32(), dx.f32() + dx.length, 0.0f);
  const int64_t chunk = imagesPerChunk(g);
  std::vector<float> col(static_cast<size_t>(chunk * g.outPixels() * g.patch()));
  for (int64_t first = 0; first < g.batch; first += chunk) {
    const int64_t images = std::min(chunk, g.batch - first);
    const int m = static_cast<int>(images * g.outPixels());
    sgemm(CblasNoTrans, CblasTrans, m, static_cast<int>(g.patch()), static_cast<int>(g.outC),
                1.0f, dy.f32() + first * g.outPixels() * g.outC, static_cast<int>(g.outC), filter.f32(),
                static_cast<int>(g.outC), 0.0f, col.data(), static_cast<int>(g.patch()));
    col2im(g, col.data(), first, images, dx.f32());
  }
  return info.Env().Undefined();
}

// conv2dBackpropFilter(x, dy, dw, geometry)
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo& info) {
  View x = viewOf(info[0], "x"), dy = viewOf(info[1], "dy"), dw = viewOf(info[2], "dw");
  const Geometry g = geometryOf(info[3]);
  checkFloat(info, {{x, g.batch * g.inH * g.inW * g.inC}, {dy, g.batch * g.outPixels() * g.outC},
                    {dw, g.patch() * g.outC}});
  std::fill(dw.f32(), dw.f32() + dw.length, 0.0f);
  const int64_t chunk = imagesPerChunk(g);
  std::vector<float> col(static_cast<size_t>(chunk * g.outPixels() * g.patch()));
  for (int64_t first = 0; first < g.batch; first += chunk) {
    const int64_t images = std::min(chunk, g.batch - first);
    im2col(g, x.f32(), first, images, col.data());
    const int m = static_cast<int>(images * g.outPixels());
    sgemm(CblasTrans, CblasNoTrans, static_cast<int>(g.patch()), static_cast<int>(g.outC), m,
                1.0f, col.data(), static_cast<int>(g.patch()), dy.f32() + first * g.outPixels() * g.outC,
                static_cast<int>(g.outC), 1.0f, dw.f32(), static_cast<int>(g.outC));
  }
  return info.Env().Undefined();
}

// Visits every (output pixel, filter tap) pair that lands inside the input, with the
// offsets of the input pixel, the output pixel and the filter tap (all in pixels).
template <typename Body>
void forEachTap(const Geometry& g, Body body) {
  for (int64_t b = 0; b < g.batch; ++b)
    for (int64_t oh = 0; oh < g.outH; ++oh)
      for (int64_t ow = 0; ow < g.outW; ++ow)
        for (int64_t fh = 0; fh < g.fH; ++fh) {
          const int64_t ih = oh * g.sH - g.padTop + fh * g.dH;
          if (ih < 0 || ih >= g.inH) continue;
          for (int64_t fw = 0; fw < g.fW; ++fw) {
            const int64_t iw = ow * g.sW - g.padLeft + fw * g.dW;
            if (iw < 0 || iw >= g.inW) continue;
            body((b * g.inH + ih) * g.inW + iw, (b * g.outH + oh) * g.outW + ow, fh * g.fW + fw);
          }
        }
}

// depthwise(mode, a, b, out, geometry); outChannels = inChannels * multiplier.
// mode 0: out = conv(x=a, filter=b); 1: out = dx from (dy=a, filter=b); 2: out = dfilter from (x=a, dy=b).
Napi::Value Depthwise(const Napi::CallbackInfo& info) {
  const int64_t mode = intOf(info[0], "mode");
  View a = viewOf(info[1], "a"), b = viewOf(info[2], "b"), out = viewOf(info[3], "out");
  const Geometry g = geometryOf(info[4]);
  const int64_t inC = g.inC, outC = g.outC, multiplier = g.outC / g.inC;
  const size_t xSize = g.batch * g.inH * g.inW * inC, ySize = g.batch * g.outPixels() * outC,
               fSize = g.fH * g.fW * outC;
  if (mode == 0) checkFloat(info, {{a, xSize}, {b, fSize}, {out, ySize}});
  else if (mode == 1) checkFloat(info, {{a, ySize}, {b, fSize}, {out, xSize}});
  else checkFloat(info, {{a, xSize}, {b, ySize}, {out, fSize}});
  std::fill(out.f32(), out.f32() + out.length, 0.0f);
  const float* pa = a.f32();
  const float* pb = b.f32();
  float* po = out.f32();
  forEachTap(g, [&](int64_t xPixel, int64_t yPixel, int64_t tap) {
    for (int64_t c = 0; c < inC; ++c)
      for (int64_t q = 0; q < multiplier; ++q) {
        const int64_t xi = xPixel * inC + c, yi = yPixel * outC + c * multiplier + q, fi = tap * outC + c * multiplier + q;
        if (mode == 0) po[yi] += pa[xi] * pb[fi];
        else if (mode == 1) po[xi] += pa[yi] * pb[fi];
        else po[fi] += pa[xi] * pb[yi];
      }
  });
  return info.Env().Undefined();
}

}  // namespace

void registerConv(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("depthwise", Napi::Function::New(env, Depthwise));
}

}  // namespace kts
