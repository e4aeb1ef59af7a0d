#version 330 core
// One MPR slice: each fragment is a point on the plane in patient space (LPS mm), sampled
// from the volume texture (R16_SNORM: HU / 32767) and windowed. The label overlay reads
// the label map's own grid (nearest voxel) and blends its colour, as a fill or an outline.
in vec2 vUv;
out vec4 fragColor;

uniform sampler3D uVolume;
uniform mat4 uPatientToTex;
uniform vec3 uRight, uDown, uNormal;  // unit LPS directions
uniform float uDepth;                 // dot(crosshair, normal), mm
uniform vec4 uPlaneRect;              // a at left, a at right, b at top, b at bottom (mm)
uniform vec2 uWindow;                 // low HU, width HU

uniform int uHasLabels;
uniform usampler3D uLabels;
uniform mat4 uPatientToLabelTex;
uniform sampler2D uLabelColors;       // 256 x 1 RGBA, alpha = segment opacity
uniform float uLabelOpacity;
uniform int uOutline;
uniform vec2 uMmPerPixel;

uniform int uHasMask;                 // second overlay: fill with its own colour table
uniform usampler3D uMask;
uniform mat4 uPatientToMaskTex;
uniform sampler2D uMaskColors;

uniform int uPreview;                 // threshold preview: tint voxels with lo <= HU <= hi
uniform vec2 uPreviewRange;
uniform vec4 uPreviewColor;

vec3 planeToPatient(vec2 ab) { return ab.x * uRight + ab.y * uDown + uDepth * uNormal; }

bool inside(vec3 t) { return all(greaterThanEqual(t, vec3(0.0))) && all(lessThanEqual(t, vec3(1.0))); }

uint labelAt(vec3 p) {
    vec3 t = (uPatientToLabelTex * vec4(p, 1.0)).xyz;
    if (!inside(t)) return 0u;
    ivec3 size = textureSize(uLabels, 0);
    return texelFetch(uLabels, clamp(ivec3(floor(t * vec3(size))), ivec3(0), size - 1), 0).r;
}

void main() {
    vec2 ab = vec2(mix(uPlaneRect.x, uPlaneRect.y, vUv.x), mix(uPlaneRect.w, uPlaneRect.z, vUv.y));
    vec3 p = planeToPatient(ab);
    vec3 t = (uPatientToTex * vec4(p, 1.0)).xyz;
    if (!inside(t)) { fragColor = vec4(0.0, 0.0, 0.0, 1.0); return; }
    float hu = texture(uVolume, t).r * 32767.0;
    vec3 color = vec3(clamp((hu - uWindow.x) / uWindow.y, 0.0, 1.0));
    if (uHasLabels != 0) {
        uint label = labelAt(p);
        bool draw = label != 0u;
        if (draw && uOutline != 0) {
            // Outline: a labelled pixel with a differently labelled neighbour one pixel away.
            draw = labelAt(planeToPatient(ab + vec2(uMmPerPixel.x, 0.0))) != label ||
                   labelAt(planeToPatient(ab - vec2(uMmPerPixel.x, 0.0))) != label ||
                   labelAt(planeToPatient(ab + vec2(0.0, uMmPerPixel.y))) != label ||
                   labelAt(planeToPatient(ab - vec2(0.0, uMmPerPixel.y))) != label;
        }
        if (draw) {
            vec4 c = texelFetch(uLabelColors, ivec2(int(label), 0), 0);
            float a = uOutline != 0 ? c.a : c.a * uLabelOpacity;
            color = mix(color, c.rgb, a);
        }
    }
    if (uHasMask != 0) {
        vec3 m = (uPatientToMaskTex * vec4(p, 1.0)).xyz;
        if (inside(m)) {
            ivec3 size = textureSize(uMask, 0);
            uint v = texelFetch(uMask, clamp(ivec3(floor(m * vec3(size))), ivec3(0), size - 1), 0).r;
            if (v != 0u) {
                vec4 c = texelFetch(uMaskColors, ivec2(int(v), 0), 0);
                color = mix(color, c.rgb, c.a);
            }
        }
    }
    if (uPreview != 0) {
        // The voxel itself (nearest; the texture holds whole numbers), so the tint shows
        // exactly the voxels the threshold command takes.
        ivec3 size = textureSize(uVolume, 0);
        float v = round(texelFetch(uVolume, clamp(ivec3(floor(t * vec3(size))), ivec3(0), size - 1), 0).r * 32767.0);
        if (v >= uPreviewRange.x && v <= uPreviewRange.y) color = mix(color, uPreviewColor.rgb, uPreviewColor.a);
    }
    fragColor = vec4(color, 1.0);
}
