#include "seg/tile_diff.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace marrow {

namespace {

void putVarint(std::vector<uint8_t>& out, uint32_t v) {
    while (v >= 0x80) {
        out.push_back(uint8_t(v | 0x80));
        v >>= 7;
    }
    out.push_back(uint8_t(v));
}

uint32_t getVarint(const uint8_t*& p) {
    uint32_t v = 0;
    for (int shift = 0;; shift += 7) {
        const uint8_t b = *p++;
        v |= uint32_t(b & 0x7f) << shift;
        if (!(b & 0x80)) return v;
    }
}

void putLabel(std::vector<uint8_t>& out, Label v) {
    uint8_t bytes[sizeof(Label)];
    std::memcpy(bytes, &v, sizeof(Label));
    out.insert(out.end(), bytes, bytes + sizeof(Label));
}

Label getLabel(const uint8_t*& p) {
    Label v;
    std::memcpy(&v, p, sizeof(Label));
    p += sizeof(Label);
    return v;
}

// Widens the tile-local box by the voxels [p0, p1] (linear offsets inside the tile).
void includeRun(VoxelBox& box, uint32_t p0, uint32_t p1) {
    constexpr int S = LabelMap::kTileSize, B = LabelMap::kTileBits;
    const int64_t k0 = p0 >> (2 * B), k1 = p1 >> (2 * B);
    const int64_t row0 = p0 >> B, row1 = p1 >> B;
    VoxelBox r;
    r.lo[2] = k0;
    r.hi[2] = k1 + 1;
    if (row0 == row1) {  // one row: exact
        r.lo[0] = p0 & (S - 1);
        r.hi[0] = (p1 & (S - 1)) + 1;
        r.lo[1] = row0 & (S - 1);
        r.hi[1] = r.lo[1] + 1;
    } else {  // wraps rows: whole rows, and whole slices when it wraps slices
        r.lo[0] = 0;
        r.hi[0] = S;
        r.lo[1] = k0 == k1 ? (row0 & (S - 1)) : 0;
        r.hi[1] = k0 == k1 ? (row1 & (S - 1)) + 1 : S;
    }
    box.include(r);
}

}  // namespace

std::vector<uint8_t> encodeTileDiff(const Label* before, const Label* after, TileDiffStats* stats) {
    static const Label zeros[LabelMap::kTileVoxels] = {};
    const Label* b = before ? before : zeros;
    const Label* a = after ? after : zeros;
    std::vector<uint8_t> out;
    TileDiffStats st;
    uint32_t last = 0;  // first voxel not yet covered by a run or skip
    uint32_t n = 0;
    const uint32_t N = LabelMap::kTileVoxels;
    while (n < N) {
        // Skip unchanged voxels 8 at a time where possible (the common case by far).
        if constexpr (sizeof(Label) == 1) {
            while (n + 8 <= N && std::memcmp(a + n, b + n, 8) == 0) n += 8;
        }
        while (n < N && a[n] == b[n]) ++n;
        if (n >= N) break;
        const Label bv = b[n], av = a[n];
        uint32_t end = n + 1;
        while (end < N && b[end] == bv && a[end] == av) ++end;
        putVarint(out, n - last);
        putVarint(out, end - n);
        putLabel(out, bv);
        putLabel(out, av);
        st.changedVoxels += end - n;
        includeRun(st.changedLocal, n, end - 1);
        last = n = end;
    }
    if (stats) *stats = st;
    return out;
}

bool isValidTileDiff(const std::vector<uint8_t>& runs) {
    const uint8_t* p = runs.data();
    const uint8_t* end = p + runs.size();
    // Bounds-checked twin of getVarint: false when the number runs past end or 32 bits.
    auto varint = [&](uint64_t& v) {
        v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p == end) return false;
            const uint8_t b = *p++;
            v |= uint64_t(b & 0x7f) << shift;
            if (!(b & 0x80)) return v <= UINT32_MAX;
        }
        return false;
    };
    uint64_t pos = 0;
    while (p < end) {
        uint64_t skip, count;
        if (!varint(skip) || !varint(count) || size_t(end - p) < 2 * sizeof(Label)) return false;
        p += 2 * sizeof(Label);
        pos += skip + count;
        if (pos > uint64_t(LabelMap::kTileVoxels)) return false;
    }
    return !runs.empty();
}

void applyTileDiff(const std::vector<uint8_t>& runs, Label* tile, bool useAfter) {
    const uint8_t* p = runs.data();
    const uint8_t* end = p + runs.size();
    size_t pos = 0;
    while (p < end) {
        pos += getVarint(p);
        const uint32_t count = getVarint(p);
        const Label bv = getLabel(p);
        const Label av = getLabel(p);
        std::fill_n(tile + pos, count, useAfter ? av : bv);
        pos += count;
    }
}

}  // namespace marrow
