#version 330 core
// GPU ray caster. Per fragment: unproject to a ray in LPS mm, clip it to the crop box in
// texture space, then march front to back at uStepMm with a per-pixel jittered start
// (hides wood-grain rings). Each sample looks up colour and opacity per mm in the
// transfer-function table, corrects opacity for the step length, shades with the
// central-difference gradient (headlight Phong) and composites; the loop stops once the
// pixel is 95% opaque (early ray termination). Empty-space skipping: the occupancy
// texture holds, per brick, 0 where some value in the brick has opacity, else the
// Chebyshev distance n (in bricks) to the nearest such brick; a ray in an empty brick
// jumps to the exit of the (2n - 1)^3 cube of bricks around it, all of them empty, so a
// ray crosses empty space in a few jumps. uMip switches to maximum intensity projection.
in vec2 vNdc;
out vec4 fragColor;

uniform sampler3D uVolume;       // R16_SNORM, HU / 32767
uniform sampler3D uOccupancy;    // R8 per brick: 0 occupied, else distance to one / 255
uniform sampler2D uTransfer;     // RGBA per HU, 1 HU per texel
uniform vec2 uTransferMap;       // u = hu * x + y
uniform mat4 uInvViewProj;       // NDC -> LPS mm
uniform mat4 uPatientToTex;      // LPS mm -> [0,1]^3
uniform vec3 uVolumeSize;        // voxels
uniform vec3 uBrickScale;        // voxels / brick size (texture coords -> brick index)
uniform ivec3 uBrickCount;
uniform vec3 uClipLo, uClipHi;   // crop box in texture coords
uniform float uStepMm;
uniform int uSkipEmpty;
uniform float uMinVisibleHu;     // lowest HU with opacity (one entry of margin)
uniform int uMip;
uniform int uShade;
uniform vec4 uLight;             // ambient, diffuse, specular, specular power
uniform mat3 uTexToPatientDir;   // transpose-inverse part for gradients -> LPS normals
uniform sampler2D uSurfaceDepth; // window depth of the segment surfaces drawn first (1: none)

float hash(vec2 p) { return fract(sin(dot(p, vec2(12.9898, 78.233))) * 43758.5453); }

float huAt(vec3 t) { return texture(uVolume, t).r * 32767.0; }

// Ray-box slab test: entry and exit parameters (t in mm along the ray).
vec2 slab(vec3 o, vec3 d, vec3 lo, vec3 hi) {
    vec3 inv = 1.0 / d;
    vec3 a = (lo - o) * inv, b = (hi - o) * inv;
    vec3 mn = min(a, b), mx = max(a, b);
    return vec2(max(max(mn.x, mn.y), mn.z), min(min(mx.x, mx.y), mx.z));
}

void main() {
    vec4 nearP = uInvViewProj * vec4(vNdc, -1.0, 1.0);
    vec4 farP = uInvViewProj * vec4(vNdc, 1.0, 1.0);
    nearP /= nearP.w;
    farP /= farP.w;
    vec3 dirMm = normalize(farP.xyz - nearP.xyz);
    vec3 o = (uPatientToTex * vec4(nearP.xyz, 1.0)).xyz;
    vec3 d = mat3(uPatientToTex) * dirMm;  // texture units per mm
    // Avoid division by exactly zero in the slab test.
    d = mix(d, vec3(1e-9), equal(d, vec3(0.0)));
    vec2 span = slab(o, d, uClipLo, uClipHi);
    span.x = max(span.x, 0.0);
    // Stop at a segment surface; the image is then blended over it (alpha = opacity).
    float surfaceDepth = texture(uSurfaceDepth, vNdc * 0.5 + 0.5).r;
    if (surfaceDepth < 1.0) {
        vec4 hit = uInvViewProj * vec4(vNdc, surfaceDepth * 2.0 - 1.0, 1.0);
        span.y = min(span.y, dot(hit.xyz / hit.w - nearP.xyz, dirMm));
    }
    float opaque = surfaceDepth < 1.0 ? 0.0 : 1.0;
    if (span.x >= span.y) { fragColor = vec4(0.0, 0.0, 0.0, opaque); return; }

    float jitter = hash(gl_FragCoord.xy) * uStepMm;
    float t = span.x + jitter;
    vec3 texel = 1.0 / uVolumeSize;
    vec4 acc = vec4(0.0);
    float maxHu = -32768.0;
    vec3 lightDir = -dirMm;
    float brickEnd = -1.0;  // the ray is inside an occupied brick until this t
    for (int n = 0; n < 8192 && t < span.y; ++n) {
        vec3 p = o + d * t;
        if (uSkipEmpty != 0 && t >= brickEnd) {
            // Entering a brick: one occupancy fetch and one slab test per brick, or per
            // jump over a cube of empty bricks.
            ivec3 b = min(ivec3(p * uBrickScale), uBrickCount - 1);
            float empty = texelFetch(uOccupancy, b, 0).r * 255.0;
            vec3 r = vec3(max(empty - 1.0, 0.0));
            float exitT = slab(o, d, (vec3(b) - r) / uBrickScale, (vec3(b) + 1.0 + r) / uBrickScale).y;
            if (empty > 0.5) {
                // Stay on the jittered sample grid: next sample after the cube's exit.
                t = span.x + jitter + ceil((exitT - span.x - jitter) / uStepMm + 1e-3) * uStepMm;
                continue;
            }
            brickEnd = exitT;
        }
        float hu = huAt(p);
        if (uMip != 0) {
            maxHu = max(maxHu, hu);
        } else if (hu >= uMinVisibleHu) {  // below it the table is all zero: skip the lookup
            vec4 s = texture(uTransfer, vec2(hu * uTransferMap.x + uTransferMap.y, 0.5));
            if (s.a > 0.0) {
                float alpha = 1.0 - pow(1.0 - min(s.a, 0.999), uStepMm);
                vec3 color = s.rgb;
                if (uShade != 0) {
                    // Forward differences: 3 extra fetches instead of 6 (the sample itself is
                    // the fourth); the half-voxel bias does not show at shading precision.
                    vec3 g = vec3(huAt(p + vec3(texel.x, 0, 0)), huAt(p + vec3(0, texel.y, 0)),
                                  huAt(p + vec3(0, 0, texel.z))) - hu;
                    vec3 nrm = uTexToPatientDir * (g * uVolumeSize);  // d(hu)/d(mm)
                    float len = length(nrm);
                    if (len > 1e-3) {
                        nrm /= len;
                        float diff = abs(dot(nrm, lightDir));
                        float spec = pow(diff, uLight.w);  // headlight: half vector = light
                        color = color * (uLight.x + uLight.y * diff) + vec3(uLight.z * spec);
                    } else {
                        color = color * (uLight.x + uLight.y);
                    }
                }
                acc.rgb += (1.0 - acc.a) * alpha * color;
                acc.a += (1.0 - acc.a) * alpha;
                if (acc.a > 0.95) break;
            }
        }
        t += uStepMm;
    }
    if (uMip != 0) {
        vec4 s = texture(uTransfer, vec2(maxHu * uTransferMap.x + uTransferMap.y, 0.5));
        acc = vec4(s.rgb * s.a, 1.0);
    }
    fragColor = vec4(acc.rgb, max(acc.a, opaque));
}
