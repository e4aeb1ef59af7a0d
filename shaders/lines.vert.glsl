#version 330 core
// Line segments in patient space (LPS mm), e.g. the crosshair in the 3D view.
layout(location = 0) in vec3 aPosition;
uniform mat4 uViewProj;
void main() { gl_Position = uViewProj * vec4(aPosition, 1.0); }
