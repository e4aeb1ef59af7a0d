#version 330 core
// Headlight Phong: the light sits at the eye, so the half vector is the view direction.
// Two-sided (abs) so a surface cut open by the crop or seen from inside is still lit.
in vec3 vPosition;
in vec3 vNormal;
out vec4 fragColor;
uniform vec3 uColor;   // segment colour, 0..1
uniform vec3 uEye;     // camera position, LPS mm
void main() {
    vec3 n = normalize(vNormal);
    vec3 toEye = normalize(uEye - vPosition);
    float diffuse = abs(dot(n, toEye));
    float specular = pow(diffuse, 40.0);
    fragColor = vec4(uColor * (0.25 + 0.75 * diffuse) + vec3(0.25 * specular), 1.0);
}
