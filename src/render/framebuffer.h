#pragma once
// An RGBA8 offscreen framebuffer: the 3D view renders into one (at reduced size while
// interacting) and headless screenshots render the whole window into one. With a depth
// attachment (a texture, so the ray caster can read where segment surfaces are) and
// nearest filtering it is the surface renderer's target.
#include <cstdint>
#include <string>
#include <vector>

#include "src/render/gl.h"

namespace marrow::render {

class Framebuffer {
public:
    Framebuffer() = default;
    // withDepth: a 24-bit depth texture beside the colour; linear: how the colour (and depth)
    // textures are sampled when drawn scaled (a blit at another size).
    explicit Framebuffer(bool withDepth, bool linear = true) : withDepth_(withDepth), linear_(linear) {}
    ~Framebuffer();
    Framebuffer(const Framebuffer&) = delete;
    Framebuffer& operator=(const Framebuffer&) = delete;

    // (Re)allocates when the size changes; sizes below 1 become 1.
    void resize(int width, int height);
    void bind() const;  // as draw and read framebuffer, viewport = whole
    GLuint colorTexture() const { return color_; }
    GLuint depthTexture() const { return depth_; }  // 0 without a depth attachment
    int width() const { return width_; }
    int height() const { return height_; }

private:
    GLuint fbo_ = 0, color_ = 0, depth_ = 0;
    int width_ = 0, height_ = 0;
    bool withDepth_ = false, linear_ = true;
};

// Reads the RGBA pixels of rect (x, y from the bottom-left, GL convention) of the bound
// read framebuffer, returned top row first (as image files store them).
std::vector<uint8_t> readPixelsTopDown(int x, int y, int width, int height);

// Saves RGBA pixels (top row first) as PNG through writeFileAtomically; throws
// marrow::Error naming the file.
void writePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);

}  // namespace marrow::render
