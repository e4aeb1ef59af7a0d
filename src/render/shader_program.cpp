#include "src/render/shader_program.h"

#include <glm/gtc/type_ptr.hpp>

#include "io/error.h"
#include "render/embedded_shaders.h"

namespace marrow::render {
namespace {

GLuint compile(GLenum type, const char* file) {
    const char* source = embeddedShader(file);
    if (!source) throw Error(file, "shader not embedded in this build");
    GLuint shader = glCreateShader(type);
    glShaderSource(shader, 1, &source, nullptr);
    glCompileShader(shader);
    GLint ok = 0;
    glGetShaderiv(shader, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048] = {};
        glGetShaderInfoLog(shader, sizeof log, nullptr, log);
        glDeleteShader(shader);
        throw Error(file, std::string("shader does not compile: ") + log);
    }
    return shader;
}

}  // namespace

ShaderProgram::ShaderProgram(const char* vertexFile, const char* fragmentFile) {
    GLuint vs = compile(GL_VERTEX_SHADER, vertexFile);
    GLuint fs = 0;
    try {
        fs = compile(GL_FRAGMENT_SHADER, fragmentFile);
    } catch (...) {
        glDeleteShader(vs);
        throw;
    }
    program_ = glCreateProgram();
    glAttachShader(program_, vs);
    glAttachShader(program_, fs);
    glLinkProgram(program_);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(program_, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048] = {};
        glGetProgramInfoLog(program_, sizeof log, nullptr, log);
        glDeleteProgram(program_);
        program_ = 0;
        throw Error(fragmentFile, std::string("shader program does not link: ") + log);
    }
    MARROW_GL_CHECK("link program");
}

ShaderProgram::~ShaderProgram() {
    if (program_) glDeleteProgram(program_);
}

void ShaderProgram::set(const char* name, const glm::mat3& m) const {
    glUniformMatrix3fv(location(name), 1, GL_FALSE, glm::value_ptr(m));
}
void ShaderProgram::set(const char* name, const glm::mat4& m) const {
    glUniformMatrix4fv(location(name), 1, GL_FALSE, glm::value_ptr(m));
}

}  // namespace marrow::render
