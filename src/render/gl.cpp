#include "src/render/gl.h"

#include <cstdio>

namespace marrow::render {

int reportGlErrors(const char* what, const char* file, int line) {
    int count = 0;
    // Bounded: a lost context can report GL_CONTEXT_LOST forever.
    for (GLenum e = glGetError(); e != GL_NO_ERROR && count < 16; e = glGetError()) {
        std::fprintf(stderr, "GL error 0x%04x at %s:%d (%s)\n", e, file, line, what);
        ++count;
    }
    return count;
}

}  // namespace marrow::render
