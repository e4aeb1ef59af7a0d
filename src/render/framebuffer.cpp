#include "src/render/framebuffer.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <string>

#include <stb_image_write.h>  // stbi_write_png is exported by libstb.so (platform.md section 2)

#include "io/atomic_file.h"
#include "io/error.h"

namespace marrow::render {

Framebuffer::~Framebuffer() {
    if (fbo_) glDeleteFramebuffers(1, &fbo_);
    if (color_) glDeleteTextures(1, &color_);
    if (depth_) glDeleteTextures(1, &depth_);
}

void Framebuffer::resize(int width, int height) {
    width = std::max(1, width);
    height = std::max(1, height);
    if (fbo_ && width == width_ && height == height_) return;
    width_ = width;
    height_ = height;
    if (!color_) glGenTextures(1, &color_);
    glBindTexture(GL_TEXTURE_2D, color_);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, width, height, 0, GL_RGBA, GL_UNSIGNED_BYTE, nullptr);
    if (withDepth_) {
        if (!depth_) glGenTextures(1, &depth_);
        glBindTexture(GL_TEXTURE_2D, depth_);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT24, width, height, 0, GL_DEPTH_COMPONENT, GL_UNSIGNED_INT,
                     nullptr);
    }
    const GLint filter = linear_ ? GL_LINEAR : GL_NEAREST;
    for (GLuint tex : {color_, depth_}) {
        if (!tex) continue;
        glBindTexture(GL_TEXTURE_2D, tex);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    }
    if (!fbo_) glGenFramebuffers(1, &fbo_);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, color_, 0);
    if (depth_) glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_TEXTURE_2D, depth_, 0);
    MARROW_GL_CHECK("framebuffer resize");
}

void Framebuffer::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo_);
    glViewport(0, 0, width_, height_);
}

std::vector<uint8_t> readPixelsTopDown(int x, int y, int width, int height) {
    std::vector<uint8_t> pixels(size_t(width) * height * 4);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(x, y, width, height, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
    const size_t row = size_t(width) * 4;
    std::vector<uint8_t> line(row);
    for (int r = 0; r < height / 2; ++r) {
        uint8_t* a = pixels.data() + size_t(r) * row;
        uint8_t* b = pixels.data() + size_t(height - 1 - r) * row;
        std::memcpy(line.data(), a, row);
        std::memcpy(a, b, row);
        std::memcpy(b, line.data(), row);
    }
    MARROW_GL_CHECK("read pixels");
    return pixels;
}

void writePng(const std::string& path, int width, int height, const std::vector<uint8_t>& rgba) {
    std::string bytes;
    auto append = [](void* context, void* data, int size) {
        static_cast<std::string*>(context)->append(static_cast<const char*>(data), size_t(size));
    };
    if (!stbi_write_png_to_func(append, &bytes, width, height, 4, rgba.data(), width * 4))
        throw Error(path, "could not encode the PNG");
    writeFileAtomically(path, [&](const std::string& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out.write(bytes.data(), std::streamsize(bytes.size()));
        if (!out) throw Error(path, "could not write the file");
    });
}

}  // namespace marrow::render
