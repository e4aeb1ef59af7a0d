#version 330 core
// Draws a texture over the viewport (the 3D view's possibly lower-resolution image).
in vec2 vUv;
out vec4 fragColor;
uniform sampler2D uImage;
void main() { fragColor = vec4(texture(uImage, vUv).rgb, 1.0); }
