// NRRD and .seg.nrrd entries: seeds written by writeSegNrrd / writeNrrd, bad ones by
// editing their text header or writing a header by hand. Each file is listed twice:
// `marrow info` (which must read every format) and `marrow compare F F` (label maps).
#include <functional>

#include "io/labeled_volume.h"
#include "io/nrrd_io.h"
#include "io/seg_nrrd.h"
#include "tests/fuzz/corpus.h"

namespace marrow::corpus {

namespace {
void addBoth(Manifest& m, const std::string& id, Expect cls, const fs::path& f) {
    m.info("nrrd." + id + ".info", cls, f);
    m.add("nrrd." + id + ".compare", cls, cls == Expect::Error ? f.string() : "-",
          {"compare", f.string(), f.string(), "--no-distances"});
}

// A hand-written attached header: "NRRD0004", fields, blank line, then data.
Bytes nrrdFile(const std::string& fields, const Bytes& data) {
    Bytes b = toBytes("NRRD0004\n" + fields + "\n");
    b.insert(b.end(), data.begin(), data.end());
    return b;
}
const std::string kSpace3 =
    "space: left-posterior-superior\nspace directions: (1,0,0) (0,1,0) (0,0,2)\nspace origin: (0,0,0)\n";
// 4-D (layers first): the list axis has no direction, "none", as Slicer writes it.
const std::string kSpace4 =
    "space: left-posterior-superior\nspace directions: none (1,0,0) (0,1,0) (0,0,2)\nspace origin: (0,0,0)\n";
}  // namespace

void makeNrrdCorpus(Manifest& m) {
    const fs::path dir = m.folder("nrrd"), big = m.folder("cli_only");
    LabeledVolume lv;
    lv.labels = smallVolume(ScalarType::UInt8, 8, 8, 4, 2);
    lv.table.set(1, "liver");
    lv.table.set(2, "spleen");
    NrrdWriteOptions raw;
    raw.gzip = false;
    writeSegNrrd(lv, (dir / "valid_raw.seg.nrrd").string(), raw);
    writeSegNrrd(lv, (dir / "valid_gzip.seg.nrrd").string());
    writeNrrd(smallVolume(ScalarType::Int16, 8, 8, 4, 2000), {}, (dir / "valid_volume.nrrd").string(), raw);
    addBoth(m, "valid_raw", Expect::Accept, dir / "valid_raw.seg.nrrd");
    addBoth(m, "valid_gzip", Expect::Accept, dir / "valid_gzip.seg.nrrd");
    m.info("nrrd.valid_volume.info", Expect::Accept, dir / "valid_volume.nrrd");

    const Bytes data64(2 * 8 * 8 * 4, 0);
    const Bytes twoLayers = nrrdFile("type: unsigned char\ndimension: 4\nsizes: 2 8 8 4\nencoding: raw\n"
                                     "kinds: list domain domain domain\n" + kSpace4 +
                                     "Segment0_ID:=a\nSegment0_Name:=a\nSegment0_Layer:=0\nSegment0_LabelValue:=1\n"
                                     "Segment1_ID:=b\nSegment1_Name:=b\nSegment1_Layer:=1\nSegment1_LabelValue:=1\n",
                                     data64);
    writeBytes(dir / "valid_4d_two_layers.seg.nrrd", twoLayers);
    addBoth(m, "valid_4d_two_layers", Expect::Accept, dir / "valid_4d_two_layers.seg.nrrd");

    const Bytes valid = readBytes(dir / "valid_raw.seg.nrrd");
    struct Case {
        std::string name;
        Expect cls;
        std::function<void(Bytes&)> edit;
    };
    auto header = [](const std::string& from, const std::string& to) {
        return [from, to](Bytes& b) { replaceText(b, from, to); };
    };
    const std::string layers4d = "type: unsigned char\ndimension: 4\nkinds: list domain domain domain\n" +
                                 kSpace4 + "Segment0_ID:=a\nSegment0_Name:=a\n";
    const std::vector<Case> cases = {
        {"layers_100000_data_short", Expect::Error,
         [&](Bytes& b) { b = nrrdFile("sizes: 100000 2 2 2\nencoding: raw\n" + layers4d, Bytes(1000, 0)); }},
        {"byte_skip_4000000000", Expect::Error, header("encoding:", "byte skip: 4000000000\nencoding:")},
        {"byte_skip_minus_2", Expect::Error, header("encoding:", "byte skip: -2\nencoding:")},
        {"line_skip_huge", Expect::Error, header("encoding:", "line skip: 2000000000\nencoding:")},
        {"sizes_huge", Expect::Error, header("sizes: 8 8 4", "sizes: 100000 100000 100000")},
        {"sizes_int_overflow", Expect::Error, header("sizes: 8 8 4", "sizes: 4294967296 1 1")},
        {"sizes_zero", Expect::Error, header("sizes: 8 8 4", "sizes: 8 0 4")},
        {"sizes_negative", Expect::Error, header("sizes: 8 8 4", "sizes: 8 -8 4")},
        {"sizes_missing_one", Expect::Error, header("sizes: 8 8 4", "sizes: 8 8")},
        {"dimension_huge", Expect::Error, header("dimension: 3", "dimension: 99999")},
        {"dimension_two", Expect::Error, header("dimension: 3", "dimension: 2")},
        // A stray segment number no label value can follow (N+1 > 65535): a clear error, no
        // signed overflow (UBSan found one at INT_MAX).
        {"segment_index_int_max", Expect::Error, header("Segment0_ID:=", "Segment2147483647_Name:=x\nSegment0_ID:=")},
        {"segment_index_beyond_int", Expect::Error,
         header("Segment0_ID:=", "Segment99999999999999999999_Name:=x\nSegment0_ID:=")},
        {"segment_name_latin1", Expect::Accept, header("Segment0_Name:=liver", "Segment0_Name:=f\xf4ie \xe9tendu")},
        {"segment_label_value_huge", Expect::Error, header("Segment0_LabelValue:=1", "Segment0_LabelValue:=4294967297")},
        {"encoding_bzip2", Expect::Error, header("encoding: raw", "encoding: bzip2")},
        {"encoding_unknown", Expect::Error, header("encoding: raw", "encoding: wobble")},
        {"encoding_gzip_but_raw_data", Expect::Error, header("encoding: raw", "encoding: gzip")},
        {"endian_middle", Expect::Error, header("encoding: raw", "encoding: raw\nendian: middle")},
        {"type_unknown", Expect::Error, header("type: unsigned char", "type: block")},
        {"space_directions_nan", Expect::Error, header("space directions: (", "space directions: (nan,0,0) (")},
        {"space_directions_zero", Expect::Error, [](Bytes& b) {
             const std::string s(b.begin(), b.end());
             const size_t from = s.find("space directions:"), to = s.find('\n', from);
             b.erase(b.begin() + std::ptrdiff_t(from), b.begin() + std::ptrdiff_t(to));
             const std::string zero = "space directions: (0,0,0) (0,0,0) (0,0,0)";
             b.insert(b.begin() + std::ptrdiff_t(from), zero.begin(), zero.end());
         }},
        {"data_file_detached", Expect::Error, header("encoding: raw", "encoding: raw\ndata file: other.raw")},
        {"magic_unknown", Expect::Error, header("NRRD0004", "NRRD0009")},
        {"not_nrrd", Expect::Error, [](Bytes& b) { b = toBytes(std::string(300, 'x')); }},
        {"empty", Expect::Error, [](Bytes& b) { b.clear(); }},
        {"header_cut", Expect::Error, [](Bytes& b) { b.resize(60); }},
        {"data_cut", Expect::Error, [](Bytes& b) { b.resize(b.size() - 50); }},
    };
    for (const auto& c : cases) {
        Bytes b = valid;
        c.edit(b);
        writeBytes(dir / (c.name + ".seg.nrrd"), b);
        addBoth(m, c.name, c.cls, dir / (c.name + ".seg.nrrd"));
    }
    const Bytes gz = readBytes(dir / "valid_gzip.seg.nrrd");
    writeBytes(dir / "gzip_data_cut.seg.nrrd", Bytes(gz.begin(), gz.end() - 40));
    addBoth(m, "gzip_data_cut", Expect::Error, dir / "gzip_data_cut.seg.nrrd");

    // 100,000 layers of 2x2x2 with all their data (800 kB of zeros, ~1 kB gzip): valid,
    // and must cost in proportion to the data (cli_only: a slow seed).
    writeBytes(big / "layers_100000.seg.nrrd",
               nrrdFile("sizes: 100000 2 2 2\n" + layers4d + "encoding: gzip\n", gzipWithZeros({}, 800000)));
    addBoth(m, "layers_100000_full", Expect::Accept, big / "layers_100000.seg.nrrd");
}

}  // namespace marrow::corpus
