#pragma once
// A linked GLSL program built from two embedded shader files (shaders/<name>).
// Compile or link failure throws marrow::Error with the driver's log.
#include <string>

#include <glm/glm.hpp>

#include "src/render/gl.h"

namespace marrow::render {

class ShaderProgram {
public:
    ShaderProgram() = default;
    ShaderProgram(const char* vertexFile, const char* fragmentFile);
    ~ShaderProgram();
    ShaderProgram(const ShaderProgram&) = delete;
    ShaderProgram& operator=(const ShaderProgram&) = delete;

    void use() const { glUseProgram(program_); }
    GLint location(const char* name) const { return glGetUniformLocation(program_, name); }
    // Setters for the program in use (unknown names are ignored, as GL does with -1).
    void set(const char* name, int v) const { glUniform1i(location(name), v); }
    void set(const char* name, float v) const { glUniform1f(location(name), v); }
    void set(const char* name, glm::vec2 v) const { glUniform2f(location(name), v.x, v.y); }
    void set(const char* name, glm::vec3 v) const { glUniform3f(location(name), v.x, v.y, v.z); }
    void set(const char* name, glm::vec4 v) const { glUniform4f(location(name), v.x, v.y, v.z, v.w); }
    void set(const char* name, glm::ivec3 v) const { glUniform3i(location(name), v.x, v.y, v.z); }
    void set(const char* name, const glm::mat3& m) const;
    void set(const char* name, const glm::mat4& m) const;

private:
    GLuint program_ = 0;
};

}  // namespace marrow::render
