#pragma once
// An RGBA8 offscreen framebuffer: the 3D view renders into one (at reduced size while
// interacting) and headless screenshots render the whole window into one.
#include <cstdint>
#include <string>
#include <vector>

#include "src/render/gl.h"

namespace marrow::render {

class Framebuffer {
public:
    Framebuffer() = default;
    ~Framebuffer();
    Framebuffer(const Framebuffer&) = delete;
    Framebuffer& operator=(const Framebuffer&) = delete;

    // (Re)allocates when the size changes; sizes below 1 become 1.
    void resize(int width, int height);
    void bind() const;  // as draw and read framebuffer, viewport = whole
    GLuint colorTexture() const { return color_; }
    int width() const { return width_; }
    int height() const { return height_; }

private:
    GLuint fbo_ = 0, color_ = 0;
    int width_ = 0, height_ = 0;
};

// Reads the RGBA pixels of rect (x, y from the bottom-left, GL convention) of the bound
// read framebuffer, returned top row first (as image files store them).
std::vector<uint8_t> readPixelsTopDown(int x, int y, int width, int height);

// Saves RGBA pixels (top row first) as PNG through writeFileAtomically; throws
// marrow::Error naming the file.
void writePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba);

}  // namespace marrow::render
