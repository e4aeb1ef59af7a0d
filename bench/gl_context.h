#pragma once
// A hidden 64x64 OpenGL 3.3 core window for the GL benches (run them under xvfb-run on a
// machine without a display). Prints GL_RENDERER; returns nullptr (after a message) when no
// context can be made.
#include <GL/glew.h>
#include <GLFW/glfw3.h>

#include <cstdio>

namespace marrow::bench {

inline GLFWwindow* openHiddenGlContext(const char* name) {
    if (!glfwInit()) {
        std::fprintf(stderr, "%s: no display (run under xvfb-run)\n", name);
        return nullptr;
    }
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
    GLFWwindow* window = glfwCreateWindow(64, 64, name, nullptr, nullptr);
    if (!window) {
        std::fprintf(stderr, "%s: cannot create an OpenGL 3.3 core context\n", name);
        return nullptr;
    }
    glfwMakeContextCurrent(window);
    glewExperimental = GL_TRUE;
    // 4 = GLEW_ERROR_NO_GLX_DISPLAY under EGL: the entry points are loaded anyway.
    if (GLenum e = glewInit(); e != GLEW_OK && e != 4) {
        std::fprintf(stderr, "%s: glewInit failed (%u)\n", name, e);
        return nullptr;
    }
    std::printf("GL_RENDERER: %s\n", reinterpret_cast<const char*>(glGetString(GL_RENDERER)));
    return window;
}

}  // namespace marrow::bench
