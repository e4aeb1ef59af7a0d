// SurfaceRenderer on a real GL context (run under Xvfb + llvmpipe by tests/gl/run.sh):
// back-face culling must hide nothing that is visible. The surfaces are closed and wound
// counter-clockwise from outside, so the depth image drawn with culling must equal the one
// drawn with both sides, for every pixel, also on a grid whose direction is a reflection
// (where the extraction swaps the winding). Reversing the winding must break that (the
// check can fail).
#include <GL/glew.h>
#include <GLFW/glfw3.h>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <vector>

#include "seg/mesh/block_surfaces.h"
#include "src/render/surface_renderer.h"

using namespace marrow;

namespace {

class GlContext : public ::testing::Environment {
public:
    void SetUp() override {
        ASSERT_TRUE(glfwInit()) << "no display: run under xvfb-run";
        glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
        glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
        glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
        glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
        glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
        window_ = glfwCreateWindow(64, 64, "marrow_gl_tests", nullptr, nullptr);
        ASSERT_NE(window_, nullptr);
        glfwMakeContextCurrent(window_);
        glewExperimental = GL_TRUE;
        const GLenum e = glewInit();
        ASSERT_TRUE(e == GLEW_OK || e == 4);  // 4: no GLX display under EGL, entry points loaded
    }
    void TearDown() override {
        if (window_) glfwDestroyWindow(window_);
        glfwTerminate();
    }

private:
    GLFWwindow* window_ = nullptr;
};
const auto* const kContext = ::testing::AddGlobalTestEnvironment(new GlContext);

// Two balls (labels 1 and 2, radius 9 and 6 voxels), the second partly behind the first from
// the default camera, on a 40^3 grid of 1 x 1.2 x 1.5 mm voxels with `direction`.
LabelMap twoBalls(const Mat3& direction) {
    const ImageGeometry g({40, 40, 40}, {1, 1.2, 1.5}, {-20, 10, 5}, direction);
    Volume v(g, ScalarType::UInt8);
    uint8_t* p = v.data<uint8_t>();
    for (int k = 0; k < 40; ++k)
        for (int j = 0; j < 40; ++j)
            for (int i = 0; i < 40; ++i) {
                const auto in = [&](double ci, double cj, double ck, double r) {
                    return std::hypot(i - ci, j - cj, k - ck) <= r;
                };
                p[g.linearIndex(i, j, k)] = in(18, 16, 20, 9) ? 1 : in(24, 28, 22, 6) ? 2 : 0;
            }
    return LabelMap::fromVolume(v);
}

std::vector<float> depthImage(render::SurfaceRenderer& r, const render::OrbitCamera& camera, int size) {
    render::LabelColors colors{};
    colors[1] = {255, 255, 255, 255};
    colors[2] = {200, 100, 50, 255};
    r.render(camera, size, size, colors);
    std::vector<float> depth(size_t(size) * size);
    glBindTexture(GL_TEXTURE_2D, r.depthTexture());
    glGetTexImage(GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT, GL_FLOAT, depth.data());
    glBindTexture(GL_TEXTURE_2D, 0);
    EXPECT_EQ(glGetError(), GLenum(GL_NO_ERROR));
    return depth;
}

struct Comparison {
    size_t covered = 0, differing = 0;
};

// Draws the balls with and without culling (winding reversed when asked) from three angles.
Comparison cullVersusBothSides(const Mat3& direction, bool reverseWinding) {
    const LabelMap map = twoBalls(direction);
    BlockSurfaces blocks(16);
    blocks.rebuild(map);
    render::SurfaceRenderer r;
    for (size_t b = 0; b < blocks.blockCount(); ++b) {
        std::vector<SurfacePiece> pieces = blocks.pieces(b);
        if (reverseWinding)
            for (SurfacePiece& piece : pieces)
                for (auto& t : piece.mesh.triangles) std::swap(t[1], t[2]);
        r.setBlock(b, pieces);
    }
    render::OrbitCamera camera;
    camera.fit(map.geometry());
    Comparison c;
    for (int view = 0; view < 3; ++view) {
        camera.orbit(50.0f, 20.0f);
        r.setBackFaceCulling(false);
        const std::vector<float> both = depthImage(r, camera, 160);
        r.setBackFaceCulling(true);
        const std::vector<float> culled = depthImage(r, camera, 160);
        for (size_t n = 0; n < both.size(); ++n) {
            if (both[n] >= 1.0f) continue;  // background
            ++c.covered;
            if (std::abs(culled[n] - both[n]) > 1e-6f) ++c.differing;
        }
    }
    std::printf("covered %zu pixels, %zu differ (culled vs both sides)\n", c.covered, c.differing);
    return c;
}

}  // namespace

TEST(SurfaceRenderer, CullingHidesNothingVisible) {
    const Comparison c = cullVersusBothSides(Mat3::identity(), false);
    EXPECT_GT(c.covered, 3u * 2000u);  // the balls fill a good part of each 160^2 image
    // Rasterisation is watertight: a pixel a back face covers is covered by a nearer front face.
    EXPECT_LE(c.differing, c.covered / 1000) << c.differing << " of " << c.covered;
}

TEST(SurfaceRenderer, CullingHidesNothingVisibleOnAReflectedGrid) {
    Mat3 flip;  // RAS-like: x reversed, a reflection (determinant -1)
    flip.m[0][0] = -1;
    ASSERT_LT(flip.determinant(), 0);
    const Comparison c = cullVersusBothSides(flip, false);
    EXPECT_GT(c.covered, 3u * 2000u);
    EXPECT_LE(c.differing, c.covered / 1000) << c.differing << " of " << c.covered;
}

TEST(SurfaceRenderer, ReversedWindingShowsTheFarSide) {
    const Comparison c = cullVersusBothSides(Mat3::identity(), true);
    EXPECT_GT(c.differing, c.covered / 2) << c.differing << " of " << c.covered;
}
