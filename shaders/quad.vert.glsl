#version 330 core
// A viewport-filling quad from gl_VertexID (draw 4 vertices as a triangle strip, no VBO).
// vNdc: normalised device coordinates, vUv: [0,1]^2 with v up.
out vec2 vNdc;
out vec2 vUv;
void main() {
    vec2 p = vec2((gl_VertexID & 1) != 0 ? 1.0 : -1.0, (gl_VertexID & 2) != 0 ? 1.0 : -1.0);
    vNdc = p;
    vUv = 0.5 * p + 0.5;
    gl_Position = vec4(p, 0.0, 1.0);
}
