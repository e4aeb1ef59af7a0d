#version 330 core
// Draws a texture over the viewport (the 3D view's possibly lower-resolution image).
in vec2 vUv;
out vec4 fragColor;
uniform sampler2D uImage;
// Alpha passes through: 1 except where the ray caster blends over surfaces.
void main() { fragColor = texture(uImage, vUv); }
