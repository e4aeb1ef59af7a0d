// DICOM entries: a valid series from writeDicomSeries (explicit VR little endian), and
// single files or series folders with one element changed, removed or cut.
#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>

#include "io/dicom_reader.h"
#include "io/dicom_seg_writer.h"
#include "io/dicom_writer.h"
#include "tests/fuzz/corpus.h"

namespace marrow::corpus {

namespace {
// An element of an explicit VR little endian file: where its VR and value are.
struct Element {
    size_t start, vr, value, length;
};

bool longHeader(const uint8_t* vr) {
    static const char* const kLong[] = {"OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"};
    for (const char* l : kLong)
        if (vr[0] == uint8_t(l[0]) && vr[1] == uint8_t(l[1])) return true;
    return false;
}

// Walks the top-level elements after the 128-byte preamble and "DICM".
std::optional<Element> findElement(const Bytes& b, uint16_t group, uint16_t element) {
    for (size_t at = 132; at + 8 <= b.size();) {
        const uint16_t g = uint16_t(b[at] | b[at + 1] << 8), e = uint16_t(b[at + 2] | b[at + 3] << 8);
        size_t header = 8, length = size_t(b[at + 6] | b[at + 7] << 8);
        if (longHeader(&b[at + 4])) {
            header = 12;
            length = size_t(b[at + 8]) | size_t(b[at + 9]) << 8 | size_t(b[at + 10]) << 16 | size_t(b[at + 11]) << 24;
            if (length == 0xffffffff) throw std::runtime_error("corpus: undefined-length element in writer output");
        }
        if (g == group && e == element) return Element{at, at + 4, at + header, length};
        at += header + length;
    }
    return std::nullopt;
}

Element mustFind(const Bytes& b, uint16_t group, uint16_t element) {
    if (auto e = findElement(b, group, element)) return *e;
    throw std::runtime_error("corpus: writeDicomSeries output lacks an element the corpus edits");
}

// Replaces a short-header element's value (even length, as DICOM requires).
void setValue(Bytes& b, uint16_t group, uint16_t element, std::string value) {
    if (value.size() % 2) value += ' ';
    const Element e = mustFind(b, group, element);
    b.erase(b.begin() + std::ptrdiff_t(e.value), b.begin() + std::ptrdiff_t(e.value + e.length));
    b.insert(b.begin() + std::ptrdiff_t(e.value), value.begin(), value.end());
    b[e.value - 2] = uint8_t(value.size());
    b[e.value - 1] = uint8_t(value.size() >> 8);
}

void removeElement(Bytes& b, uint16_t group, uint16_t element) {
    const Element e = mustFind(b, group, element);
    b.erase(b.begin() + std::ptrdiff_t(e.start), b.begin() + std::ptrdiff_t(e.value + e.length));
}
}  // namespace

void makeDicomCorpus(Manifest& m) {
    const fs::path dir = m.folder("dicom");
    const std::vector<std::string> slices =
        writeDicomSeries(smallVolume(ScalarType::Int16, 8, 8, 4, 2000), (dir / "series_ok").string());
    m.info("dicom.series_ok", Expect::Accept, dir / "series_ok");
    const Bytes valid = readBytes(slices[0]);
    writeBytes(dir / "single_ok.dcm", valid);
    m.info("dicom.single_ok", Expect::Accept, dir / "single_ok.dcm");

    struct Case {
        std::string name;
        Expect cls;
        std::function<void(Bytes&)> edit;
    };
    auto vrByte = [](uint16_t element, int which, uint8_t value) {
        return [=](Bytes& b) { b[mustFind(b, 0x0002, element).vr + size_t(which)] = value; };
    };
    const std::vector<Case> cases = {
        {"meta_0002_0013_vr_byte0_zero", Expect::Error, vrByte(0x0013, 0, 0x00)},
        {"meta_0002_0013_vr_byte1_x", Expect::Error, vrByte(0x0013, 1, 'X')},
        {"meta_0002_0000_vr_byte0_zero", Expect::Error, vrByte(0x0000, 0, 0x00)},
        {"meta_0002_0000_vr_byte1_ff", Expect::Error, vrByte(0x0000, 1, 0xff)},
        {"meta_0002_0010_vr_byte0_q", Expect::Error, vrByte(0x0010, 0, 'Q')},
        {"bits_allocated_32_on_16bit", Expect::Error,
         [](Bytes& b) { patch<uint16_t>(b, mustFind(b, 0x0028, 0x0100).value, 32); }},
        {"bits_allocated_8_on_16bit", Expect::Error,
         [](Bytes& b) { patch<uint16_t>(b, mustFind(b, 0x0028, 0x0100).value, 8); }},
        {"bits_stored_40", Expect::Error, [](Bytes& b) { patch<uint16_t>(b, mustFind(b, 0x0028, 0x0101).value, 40); }},
        {"rows_65535", Expect::Error, [](Bytes& b) { patch<uint16_t>(b, mustFind(b, 0x0028, 0x0010).value, 65535); }},
        {"samples_per_pixel_3", Expect::Error,
         [](Bytes& b) { patch<uint16_t>(b, mustFind(b, 0x0028, 0x0002).value, 3); }},
        {"pixel_spacing_zero", Expect::Error, [](Bytes& b) { setValue(b, 0x0028, 0x0030, "0\\0"); }},
        {"pixel_spacing_negative", Expect::Error, [](Bytes& b) { setValue(b, 0x0028, 0x0030, "-0.8\\-0.9"); }},
        {"pixel_spacing_nan", Expect::Error, [](Bytes& b) { setValue(b, 0x0028, 0x0030, "nan\\nan"); }},
        {"pixel_spacing_huge", Expect::Error, [](Bytes& b) { setValue(b, 0x0028, 0x0030, "1e300\\1e300"); }},
        {"pixel_spacing_missing", Expect::Warning, [](Bytes& b) { removeElement(b, 0x0028, 0x0030); }},
        {"orientation_nan", Expect::Error, [](Bytes& b) { setValue(b, 0x0020, 0x0037, "nan\\0\\0\\0\\1\\0"); }},
        {"orientation_zero", Expect::Error, [](Bytes& b) { setValue(b, 0x0020, 0x0037, "0\\0\\0\\0\\0\\0"); }},
        {"position_inf", Expect::Error, [](Bytes& b) { setValue(b, 0x0020, 0x0032, "inf\\0\\0"); }},
        {"patient_name_latin1", Expect::Accept, [](Bytes& b) { setValue(b, 0x0010, 0x0010, "M\xfcller^Th\xe9r\xe8se"); }},
        {"cut_in_preamble", Expect::Error, [](Bytes& b) { b.resize(64); }},
        {"cut_in_meta", Expect::Error, [](Bytes& b) { b.resize(150); }},
        {"cut_in_dataset", Expect::Error, [](Bytes& b) { b.resize(mustFind(b, 0x0028, 0x0010).start + 3); }},
        {"cut_in_pixels", Expect::Error, [](Bytes& b) { b.resize(b.size() - 10); }},
    };
    for (const auto& c : cases) {
        Bytes b = valid;
        c.edit(b);
        writeBytes(dir / (c.name + ".dcm"), b);
        m.info("dicom." + c.name, c.cls, dir / (c.name + ".dcm"));
    }
    writeBytes(dir / "text_not_dicom.dcm", toBytes("this is a text file, not DICOM\n"));
    m.info("dicom.text_not_dicom", Expect::Error, dir / "text_not_dicom.dcm");

    // A series folder with one corrupt slice: loads with a warning naming that file.
    const std::vector<std::pair<std::string, std::function<void(Bytes&)>>> corruptions = {
        {"cut", [](Bytes& b) { b.resize(b.size() / 2); }},
        {"bits_allocated_32", [](Bytes& b) { patch<uint16_t>(b, mustFind(b, 0x0028, 0x0100).value, 32); }},
        {"meta_vr_broken", vrByte(0x0013, 0, 0x00)},
    };
    for (const auto& [name, corrupt] : corruptions) {
        const fs::path series = dir / ("series_one_slice_" + name);
        fs::create_directories(series);
        for (const auto& s : slices) fs::copy_file(s, series / fs::path(s).filename(), fs::copy_options::overwrite_existing);
        const fs::path bad = series / fs::path(slices[1]).filename();
        Bytes b = readBytes(bad);
        corrupt(b);
        writeBytes(bad, b);
        m.add("dicom.series_one_slice_" + name, Expect::Warning, bad.string(), {"info", series.string()});
    }
    m.add("dicom.series_index_99", Expect::Error, (dir / "series_ok").string(),
          {"info", (dir / "series_ok").string(), "--series-index", "99"});

    // DICOM-SEG (io/dicom_seg_writer.h) of that series, cut short or with Rows raised past
    // its bit-packed pixel data: refused with an error naming the file.
    const Volume reference = readDicomSeries((dir / "series_ok").string());
    LabeledVolume seg;
    seg.labels = Volume(reference.geometry(), ScalarType::UInt8, true);
    for (size_t n = 3; n < seg.labels.voxelCount(); n += 5) seg.labels.data<uint8_t>()[n] = uint8_t(1 + n % 2);
    seg.table.set(1, "bone");
    seg.table.set(2, "muscle");
    writeDicomSeg(seg, reference, (dir / "seg_ok.dcm").string());
    const Bytes segBytes = readBytes(dir / "seg_ok.dcm");
    Bytes cut(segBytes.begin(), segBytes.begin() + std::ptrdiff_t(segBytes.size() / 2));
    writeBytes(dir / "seg_cut_half.dcm", cut);
    m.info("dicom.seg_cut_half", Expect::Error, dir / "seg_cut_half.dcm");
    Bytes rows = segBytes;
    // Found by its bytes: mustFind stops at the SEG's undefined-length sequences.
    const uint8_t rowsTag[] = {0x28, 0x00, 0x10, 0x00, 'U', 'S', 0x02, 0x00};
    const auto at = std::search(rows.begin(), rows.end(), std::begin(rowsTag), std::end(rowsTag));
    if (at == rows.end()) throw std::runtime_error("corpus: no Rows in the SEG");
    patch<uint16_t>(rows, size_t(at - rows.begin()) + 8, 255);
    writeBytes(dir / "seg_rows_255.dcm", rows);
    m.info("dicom.seg_rows_255", Expect::Error, dir / "seg_rows_255.dcm");
}

}  // namespace marrow::corpus
