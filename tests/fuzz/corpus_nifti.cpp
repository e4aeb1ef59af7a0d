// NIfTI entries: valid seeds and one file per class of bad header field, patched into a
// NIfTI-1 file written by writeNifti (offsets from nifti1.h).
#include <functional>
#include <limits>
#include <stdexcept>

#include "io/nifti_io.h"
#include "tests/fuzz/corpus.h"

namespace marrow::corpus {

namespace {
// nifti1.h field offsets.
constexpr size_t kDim = 40, kDatatype = 70, kPixdim = 76, kVoxOffset = 108, kDescrip = 148, kQformCode = 252,
                 kSformCode = 254, kQuaternB = 256, kQoffsetX = 268, kSrowX = 280;
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN(), kInf = std::numeric_limits<float>::infinity();
}  // namespace

void makeNiftiCorpus(Manifest& m) {
    const fs::path dir = m.folder("nifti"), big = m.folder("cli_only");
    const fs::path validPath = dir / "valid_int16.nii";
    writeNifti(smallVolume(ScalarType::Int16, 8, 8, 4, 2000), validPath.string());
    writeNifti(smallVolume(ScalarType::Int16, 8, 8, 4, 2000), (dir / "valid_int16.nii.gz").string());
    writeNifti(smallVolume(ScalarType::UInt8, 8, 8, 4, 3), (dir / "valid_labels_uint8.nii").string());
    m.info("nifti.valid", Expect::Accept, validPath);
    m.info("nifti.valid_gz", Expect::Accept, dir / "valid_int16.nii.gz");
    m.info("nifti.valid_uint8", Expect::Accept, dir / "valid_labels_uint8.nii");

    const Bytes valid = readBytes(validPath);
    int32_t sizeofHdr = 0;
    std::memcpy(&sizeofHdr, valid.data(), 4);
    if (sizeofHdr != 348) throw std::runtime_error("writeNifti no longer writes NIfTI-1: update corpus_nifti.cpp");

    // Each case: a name, the expected class, and the patch. qform-only cases clear the
    // sform so that the patched qform/pixdim field is the geometry.
    struct Case {
        std::string name;
        Expect cls;
        std::function<void(Bytes&)> edit;
    };
    auto qformOnly = [](Bytes& b) { patch<int16_t>(b, kSformCode, 0); };
    const std::vector<Case> cases = {
        {"vox_offset_negative", Expect::Error, [](Bytes& b) { patch<float>(b, kVoxOffset, -4); }},
        {"vox_offset_inf", Expect::Error, [](Bytes& b) { patch<float>(b, kVoxOffset, kInf); }},
        {"vox_offset_nan", Expect::Error, [](Bytes& b) { patch<float>(b, kVoxOffset, kNaN); }},
        {"vox_offset_1e30", Expect::Error, [](Bytes& b) { patch<float>(b, kVoxOffset, 1e30f); }},
        {"vox_offset_past_eof", Expect::Error, [](Bytes& b) { patch<float>(b, kVoxOffset, float(b.size() + 1024)); }},
        {"dim0_zero", Expect::Error, [](Bytes& b) { patch<int16_t>(b, kDim, 0); }},
        {"dim0_nine", Expect::Error, [](Bytes& b) { patch<int16_t>(b, kDim, 9); }},
        {"dim3_zero", Expect::Error, [](Bytes& b) { patch<int16_t>(b, kDim + 6, 0); }},
        {"dim1_negative", Expect::Error, [](Bytes& b) { patch<int16_t>(b, kDim + 2, -8); }},
        {"dims_4096_cubed", Expect::Error,
         [](Bytes& b) { for (int a = 1; a <= 3; ++a) patch<int16_t>(b, kDim + 2 * a, 4096); }},
        {"dims_32767_cubed", Expect::Error,
         [](Bytes& b) { for (int a = 1; a <= 3; ++a) patch<int16_t>(b, kDim + 2 * a, 32767); }},
        {"datatype_unknown", Expect::Error, [](Bytes& b) { patch<int16_t>(b, kDatatype, 9999); }},
        {"quaternion_nan", Expect::Error, [&](Bytes& b) { qformOnly(b); patch<float>(b, kQuaternB, kNaN); }},
        {"qform_offset_inf", Expect::Error, [&](Bytes& b) { qformOnly(b); patch<float>(b, kQoffsetX, kInf); }},
        {"sform_row_nan", Expect::Warning,  // NIfTI order: the qform places the voxels
         [](Bytes& b) { patch<float>(b, kSrowX, kNaN); }},
        {"sform_singular", Expect::Error,
         [](Bytes& b) { for (int r = 0; r < 3; ++r) for (int c = 0; c < 3; ++c) patch<float>(b, kSrowX + 16 * r + 4 * c, 0); }},
        {"pixdim_zero", Expect::Error, [&](Bytes& b) { qformOnly(b); patch<float>(b, kPixdim + 4, 0); }},
        {"pixdim_negative", Expect::Error, [&](Bytes& b) { qformOnly(b); patch<float>(b, kPixdim + 8, -0.9f); }},
        {"pixdim_nan", Expect::Error, [&](Bytes& b) { qformOnly(b); patch<float>(b, kPixdim + 12, kNaN); }},
        {"no_qform_no_sform_pixdim_zero", Expect::Error, [](Bytes& b) {
             patch<int16_t>(b, kQformCode, 0);
             patch<int16_t>(b, kSformCode, 0);
             patch<float>(b, kPixdim + 4, 0);
         }},
        {"descrip_latin1", Expect::Accept, [](Bytes& b) {
             const char text[] = "Th\xe9r\xe8se M\xfcller, c\xf4te droite \xb5m";
             std::memcpy(b.data() + kDescrip, text, sizeof text);
         }},
        {"magic_wrong", Expect::Error, [](Bytes& b) { std::memcpy(b.data() + 344, "xyz", 4); }},
        {"sizeof_hdr_wrong", Expect::Error, [](Bytes& b) { patch<int32_t>(b, 0, 1234); }},
    };
    for (const auto& c : cases) {
        Bytes b = valid;
        c.edit(b);
        writeBytes(dir / (c.name + ".nii"), b);
        m.info("nifti." + c.name, c.cls, dir / (c.name + ".nii"));
    }
    // Truncated: in the header, just after it, inside the voxels; and compressed.
    for (size_t cut : {size_t(0), size_t(100), size_t(347), size_t(352), valid.size() - 100}) {
        const fs::path p = dir / ("truncated_at_" + std::to_string(cut) + ".nii");
        writeBytes(p, Bytes(valid.begin(), valid.begin() + std::ptrdiff_t(cut)));
        m.info("nifti.truncated_" + std::to_string(cut), Expect::Error, p);
    }
    const Bytes gz = readBytes(dir / "valid_int16.nii.gz");
    for (size_t cut : {size_t(10), gz.size() / 2, gz.size() * 9 / 10}) {
        const fs::path p = dir / ("truncated_at_" + std::to_string(cut) + ".nii.gz");
        writeBytes(p, Bytes(gz.begin(), gz.begin() + std::ptrdiff_t(cut)));
        m.info("nifti.gz_truncated_" + std::to_string(cut), Expect::Error, p);
    }
    writeBytes(dir / "junk.nii", toBytes(std::string(500, '\x7f') + "not a nifti"));
    m.info("nifti.junk", Expect::Error, dir / "junk.nii");
    writeBytes(dir / "junk.nii.gz", toBytes("\x1f\x8b this is not deflate data at all"));
    m.info("nifti.gz_junk", Expect::Error, dir / "junk.nii.gz");

    // Gzip bombs (cli_only: too slow to be fuzz seeds). A header of 8x8x4 voxels followed
    // by 256 MiB of zeros: only what the header says is read. And a header claiming
    // 1024x1024x600 int16 (1.2 GiB, over MARROW_MEMORY_LIMIT_MB=1024): refused first.
    writeBytes(big / "bomb_256MiB_after_small_header.nii.gz", gzipWithZeros(valid, size_t(256) << 20));
    m.info("nifti.gzip_bomb_trailing", Expect::Accept, big / "bomb_256MiB_after_small_header.nii.gz");
    Bytes claim(valid.begin(), valid.begin() + 352);
    patch<int16_t>(claim, kDim + 2, 1024);
    patch<int16_t>(claim, kDim + 4, 1024);
    patch<int16_t>(claim, kDim + 6, 600);
    writeBytes(big / "bomb_claims_1200MiB.nii.gz", gzipWithZeros(claim, size_t(64) << 20));
    m.info("nifti.gzip_bomb_claim", Expect::Error, big / "bomb_claims_1200MiB.nii.gz");
}

}  // namespace marrow::corpus
