#pragma once
// The one GL include of the render layer, and the debug-build error check.
// MARROW_GL_CHECK("what") after a group of GL calls: in Debug builds it drains glGetError
// and prints each error with the place; in Release it compiles to nothing.
#include <GL/glew.h>

namespace marrow::render {

// Prints every pending GL error as "GL error 0x.. at <file>:<line> (<what>)"; returns
// how many there were. Also usable in Release (tests call it directly).
int reportGlErrors(const char* what, const char* file, int line);

}  // namespace marrow::render

#ifdef MARROW_GL_DEBUG
#define MARROW_GL_CHECK(what) ::marrow::render::reportGlErrors(what, __FILE__, __LINE__)
#else
#define MARROW_GL_CHECK(what) ((void)0)
#endif
