// toInt16Grid at full size (factor 1): the integer fast paths (a copy for int16, a clamp for
// the others) give exactly what the generic rounded, clamped conversion gives.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "src/render/volume_texture.h"

using namespace marrow;

namespace {

template <class T> void expectSameAsRoundedClamp(std::initializer_list<double> values) {
    const ImageGeometry g({int(values.size()), 1, 1}, {1, 1, 1});
    Volume v(g, scalarTypeOf<T>());
    size_t n = 0;
    for (double x : values) v.data<T>()[n++] = T(x);
    ImageGeometry out;
    const std::vector<int16_t> grid = render::toInt16Grid(v, 1, out);
    ASSERT_EQ(grid.size(), values.size());
    for (size_t i = 0; i < grid.size(); ++i)
        EXPECT_EQ(grid[i], int16_t(std::clamp(std::round(double(v.data<T>()[i])), -32768.0, 32767.0)))
            << scalarName(scalarTypeOf<T>()) << " voxel " << i;
    EXPECT_EQ(out.dims(), g.dims());
}

}  // namespace

TEST(ToInt16Grid, IntegerFastPathsMatchTheRoundedClamp) {
    expectSameAsRoundedClamp<int16_t>({-32768, -1024, -1, 0, 1, 150, 3071, 32767});
    expectSameAsRoundedClamp<uint8_t>({0, 1, 127, 255});
    expectSameAsRoundedClamp<uint16_t>({0, 1, 32767, 32768, 65535});
    expectSameAsRoundedClamp<int32_t>({-2147483648.0, -40000, -32769, -32768, 0, 32767, 32768, 2147483647.0});
    expectSameAsRoundedClamp<float>({-40000.5f, -1.5f, -0.4f, 0.5f, 2.5f, 32767.4f, 1e9f});
}
