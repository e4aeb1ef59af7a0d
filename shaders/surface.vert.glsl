#version 330 core
// Segment surfaces in the 3D view: positions and normals in LPS mm.
layout(location = 0) in vec3 aPosition;
layout(location = 1) in vec3 aNormal;
uniform mat4 uViewProj;
out vec3 vPosition;
out vec3 vNormal;
void main() {
    vPosition = aPosition;
    vNormal = aNormal;
    gl_Position = uViewProj * vec4(aPosition, 1.0);
}
