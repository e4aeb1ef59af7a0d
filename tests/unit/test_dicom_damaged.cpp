// Damaged DICOM files (issue 10): before, one changed byte in a file meta VR or a pixel
// module that contradicts the pixel data reached an assert inside GDCM and aborted the
// process, and wrong BitsAllocated / PixelSpacing / RescaleSlope values were read
// silently. Now such a slice is skipped with a warning naming it (the series still loads)
// or, when nothing usable is left, the load fails with an error naming the file.
// Fixtures: a synthetic series (io/dicom_writer.h) with bytes changed in one file.
#include <gtest/gtest.h>

#include <fstream>
#include <cstring>
#include <functional>
#include <zlib.h>

#include "dicom_fixtures.h"
#include "io/dicom_reader.h"
#include "io/error.h"
#include "io/gdcm_support.h"

using namespace marrow;
using marrow::test::patternVolume;
using marrow::test::errorOf;
using marrow::test::hasWarning;
using marrow::test::TempDir;
using marrow::test::warningsOf;

namespace {

const ImageGeometry kAxial({8, 6, 5}, {0.7, 0.8, 2.5}, {10, -20, 30});

std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), {});
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

// Offset of the explicit VR element (group,element) with the given VR in a file.
size_t elementAt(const std::string& bytes, uint16_t group, uint16_t element, const char* vr) {
    const std::string tag{char(group & 0xff), char(group >> 8), char(element & 0xff), char(element >> 8), vr[0], vr[1]};
    const size_t at = bytes.find(tag, 132);
    if (at == std::string::npos) throw std::runtime_error("element not found in the fixture");
    return at;
}

// Replaces the value of a short explicit VR element (2-byte length) with text of the
// same length (padded with spaces).
void setText(std::string& bytes, uint16_t group, uint16_t element, const char* vr, std::string text) {
    const size_t at = elementAt(bytes, group, element, vr);
    const size_t length = uint8_t(bytes[at + 6]) | uint8_t(bytes[at + 7]) << 8;
    ASSERT_LE(text.size(), length) << text;
    text.resize(length, ' ');
    bytes.replace(at + 8, length, text);
}

void setUs(std::string& bytes, uint16_t element, uint16_t value) {
    const size_t at = elementAt(bytes, 0x0028, element, "US");
    bytes[at + 8] = char(value & 0xff);
    bytes[at + 9] = char(value >> 8);
}

// Writes kAxial, changes slice 2 with `damage`, loads the folder: the slice must be
// skipped with a warning naming it and giving `why`; the others keep their places.
void expectSliceSkipped(const std::function<void(std::string&)>& damage, const std::string& why) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(kAxial), dir.path());
    std::string bytes = readBytes(files[2]);
    damage(bytes);
    writeBytes(files[2], bytes);
    const Volume v = readDicomSeries(dir.path());
    EXPECT_EQ(v.geometry().dims(), kAxial.dims());
    EXPECT_TRUE(hasWarning(v, "skipped damaged DICOM file " + files[2] + ": " + why))
        << ::testing::PrintToString(warningsOf(v));
    EXPECT_TRUE(hasWarning(v, "missing slices: 1 slice(s)")) << ::testing::PrintToString(warningsOf(v));
    // The same file alone is an error naming it.
    EXPECT_EQ(errorOf([&] { readDicomSeries(files[2]); }).rfind(files[2] + ": damaged DICOM file: " + why, 0), 0u)
        << errorOf([&] { readDicomSeries(files[2]); });
}

}  // namespace

// Both aborted the process in GDCM (assert in VR::Read / Attribute<0002,0000>).
TEST(DicomDamaged, UnknownVrOfAFileMetaElementIsSkipped) {
    expectSliceSkipped([](std::string& b) { b[elementAt(b, 0x0002, 0x0013, "SH") + 5] = 'X'; }, "element (0002,0013)");
    expectSliceSkipped([](std::string& b) { b[elementAt(b, 0x0002, 0x0000, "UL") + 5] = 'X'; }, "element (0002,0000)");
}

TEST(DicomDamaged, WrongKnownVrOfAFileMetaElementIsSkipped) {
    expectSliceSkipped([](std::string& b) { b[elementAt(b, 0x0002, 0x0000, "UL") + 5] = 'S'; },
                       "FileMetaInformationGroupLength has VR 'US'");
    expectSliceSkipped([](std::string& b) { b[elementAt(b, 0x0002, 0x0013, "SH") + 5] = 'S'; },
                       "ImplementationVersionName has VR 'SS'");
}

// BitsAllocated 32 on 16-bit data aborted in GDCM; 8 gave garbage values silently.
TEST(DicomDamaged, BitsAllocatedThatContradictsThePixelDataIsSkipped) {
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0100, 32); }, "Pixel Data holds 96 bytes but");
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0100, 8); }, "BitsStored 16 is not between 1 and BitsAllocated 8");
    expectSliceSkipped(
        [](std::string& b) {
            setUs(b, 0x0100, 8);
            setUs(b, 0x0101, 8);
            setUs(b, 0x0102, 7);
        },
        "Pixel Data holds 96 bytes but Rows 6 x Columns 8 x frames 1 x samples 1 x BitsAllocated 8 need 48");
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0100, 12); }, "BitsAllocated 12 is not 1, 8, 16 or 32");
}

TEST(DicomDamaged, InconsistentPixelModuleIsSkipped) {
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0101, 17); }, "BitsStored 17 is not between 1 and");
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0102, 16); }, "HighBit 16 does not fit");
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0103, 2); }, "PixelRepresentation 2 is not 0 or 1");
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0002, 2); }, "SamplesPerPixel 2 is not 1, 3 or 4");
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0011, 0); }, "Pixel Data with Rows 6 and Columns 0");
    expectSliceSkipped([](std::string& b) { setUs(b, 0x0010, 7); }, "Pixel Data holds 96 bytes but Rows 7");
}

// PixelSpacing 0 or negative became 1 mm silently (a printed model at the wrong size).
TEST(DicomDamaged, PixelSpacingThatIsNotPositiveIsSkipped) {
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x0030, "DS", "0\\0"); },
                       "PixelSpacing 0\\0 is not two positive numbers");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x0030, "DS", "-1\\1"); },
                       "PixelSpacing -1\\1 is not two positive numbers");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x0030, "DS", "nan"); },
                       "PixelSpacing 'nan' is not a list of numbers");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x0030, "DS", "1"); },
                       "PixelSpacing '1' holds 1 values instead of 2");
    // 1e99 mm is finite but no scanner's pixel (1e300 overflowed the geometry's products).
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x0030, "DS", "1e99\\1"); },
                       "PixelSpacing 1e+99\\1 is not two positive numbers up to 10000 mm");
}

TEST(DicomDamaged, BadRescaleAndGeometryValuesAreSkipped) {
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x1053, "DS", "0"); }, "RescaleSlope is 0");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x1053, "DS", "x"); },
                       "RescaleSlope 'x' is not a list of numbers");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0020, 0x0032, "DS", "inf\\0\\0"); },
                       "ImagePositionPatient 'inf\\0\\0' is not a list of numbers");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0020, 0x0037, "DS", "1\\0\\0\\1\\0\\0"); },
                       "ImageOrientationPatient row and column vectors are not perpendicular");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0020, 0x0037, "DS", "0\\0\\0\\0\\1\\0"); },
                       "ImageOrientationPatient row/column vectors have lengths 0 and 1");
}

// Without PixelSpacing the series still loads, but never silently at 1 mm.
TEST(DicomDamaged, MissingPixelSpacingWarnsLoudly) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(kAxial), dir.path());
    for (const auto& f : files) {
        std::string bytes = readBytes(f);
        bytes[elementAt(bytes, 0x0028, 0x0030, "DS") + 2] = 0x31;  // (0028,0030) -> (0028,0031), not in the dictionary
        writeBytes(f, bytes);
    }
    const Volume v = readDicomSeries(dir.path());
    EXPECT_EQ(v.geometry().spacing().x, 1.0);
    EXPECT_TRUE(hasWarning(v, "no PixelSpacing (nor ImagerPixelSpacing) in " + files[0] +
                                  ": assumed 1 x 1 mm pixels, so sizes and distances in mm are NOT real"))
        << ::testing::PrintToString(warningsOf(v));
}

TEST(DicomDamaged, EveryFileDamagedIsAnErrorNamingTheFirst) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(kAxial), dir.path());
    for (const auto& f : files) {
        std::string bytes = readBytes(f);
        setUs(bytes, 0x0100, 32);
        writeBytes(f, bytes);
    }
    const std::string msg = errorOf([&] { readDicomSeries(dir.path()); });
    EXPECT_EQ(msg.rfind(files[0] + ": damaged DICOM file: Pixel Data holds 96 bytes", 0), 0u) << msg;
}

// The class, not the examples: every byte of the header (file meta group, pixel module,
// geometry) of an explicit and an implicit VR file changed to several values, loaded
// beside a good slice. None may abort; each either loads or is a marrow::Error, and the
// check on the bytes in memory agrees with the check on the file.
TEST(DicomDamaged, EveryHeaderByteChangedNeverAborts) {
    for (bool explicitVr : {true, false}) {
        TempDir dir;
        DicomWriteOptions o;
        o.explicitVr = explicitVr;
        const auto files = writeDicomSeries(patternVolume(ImageGeometry({4, 3, 2}, {0.7, 0.8, 2.5})), dir.path(), o);
        const std::string good = readBytes(files[0]);
        const size_t pixelTag = good.rfind(std::string("\xe0\x7f\x10\x00", 4));
        ASSERT_NE(pixelTag, std::string::npos);
        int loaded = 0, refused = 0;
        for (size_t at = 128; at < pixelTag + 12; ++at) {
            const unsigned char was = static_cast<unsigned char>(good[at]);
            for (unsigned char value : {static_cast<unsigned char>(was ^ 0x01), static_cast<unsigned char>(was ^ 0x20),
                                        static_cast<unsigned char>(0x00), static_cast<unsigned char>(0xff)}) {
                if (value == was) continue;
                std::string bytes = good;
                bytes[at] = char(value);
                writeBytes(files[0], bytes);
                std::string fileProblem, memoryProblem;
                EXPECT_EQ(checkDicomFile(files[0], &fileProblem), checkDicomBytes(bytes.data(), bytes.size(), &memoryProblem));
                EXPECT_EQ(fileProblem, memoryProblem);
                try {
                    readDicomSeries(dir.path());
                    ++loaded;
                } catch (const Error&) {
                    ++refused;
                }
            }
        }
        writeBytes(files[0], good);
        EXPECT_GT(loaded, 0);
        EXPECT_GT(refused, 0);
    }
}

namespace {

// A minimal Part 10 file in explicit VR big endian (1.2.840.10008.1.2.2): the meta group
// little endian as always, then the data set's elements with swapped tags and lengths.
struct BigEndianFile {
    std::string bytes = std::string(128, '\0') + "DICM";
    void meta(uint16_t element, const char* vr, const std::string& value) {
        const uint16_t n = uint16_t(value.size());
        bytes += std::string{2, 0, char(element & 0xff), char(element >> 8), vr[0], vr[1], char(n & 0xff), char(n >> 8)};
        bytes += value;
    }
    void element(uint16_t group, uint16_t element, const char* vr, const std::string& value, uint16_t length) {
        bytes += std::string{char(group >> 8), char(group & 0xff), char(element >> 8), char(element & 0xff), vr[0], vr[1],
                             char(length >> 8), char(length & 0xff)};
        bytes += value;
    }
    void us(uint16_t group, uint16_t element, uint16_t v) {
        this->element(group, element, "US", std::string{char(v >> 8), char(v & 0xff)}, 2);
    }
};

BigEndianFile bigEndianImage(uint16_t bitsAllocated) {
    BigEndianFile f;
    f.meta(0x0010, "UI", std::string("1.2.840.10008.1.2.2") + '\0');
    f.us(0x0028, 0x0002, 1);
    f.us(0x0028, 0x0010, 2);
    f.us(0x0028, 0x0011, 2);
    f.us(0x0028, 0x0100, bitsAllocated);
    f.us(0x0028, 0x0101, 12);
    f.us(0x0028, 0x0102, 11);
    f.us(0x0028, 0x0103, 0);
    // (7fe0,0010) OW: 2 reserved bytes, then a 4-byte length.
    f.bytes += std::string{char(0x7f), char(0xe0), 0, 0x10, 'O', 'W', 0, 0, 0, 0, 0, 8} + std::string(8, '\1');
    return f;
}

}  // namespace

// Big endian data sets went to GDCM unwalked: a length of 0xadb7ffff in one made GDCM
// zero-fill 4 GB (found by fuzz_dicom, libFuzzer out-of-memory). They are walked now,
// with their binary values read big endian.
TEST(DicomDamaged, BigEndianDataSetsAreWalkedToo) {
    std::string why;
    BigEndianFile good = bigEndianImage(16);
    EXPECT_EQ(checkDicomBytes(good.bytes.data(), good.bytes.size(), &why), DicomFileCheck::Complete) << why;

    // BitsAllocated 16 written little endian reads 4096 in a big endian data set.
    BigEndianFile swapped = bigEndianImage(0x1000);
    EXPECT_EQ(checkDicomBytes(swapped.bytes.data(), swapped.bytes.size(), &why), DicomFileCheck::Damaged);
    EXPECT_NE(why.find("BitsAllocated 4096"), std::string::npos) << why;

    BigEndianFile overlong = bigEndianImage(16);
    overlong.element(0x0010, 0x0010, "PN", "x", 0xfff0);
    EXPECT_EQ(checkDicomBytes(overlong.bytes.data(), overlong.bytes.size(), &why), DicomFileCheck::Damaged);
    EXPECT_NE(why.find("inside an element"), std::string::npos) << why;
}

// GDCM asserts that a non-empty RecognitionCode (0008,0010) says ACR-NEMA; a mutated one
// aborted the process (fuzz_dicom, libFuzzer "deadly signal" in PixmapReader).
TEST(DicomDamaged, RecognitionCodeThatIsNotAcrNemaIsSkipped) {
    auto withRecognitionCode = [](const std::string& value) {
        return [value](std::string& b) {
            const size_t at = elementAt(b, 0x0008, 0x0016, "UI");  // SOPClassUID, right after (0008,0010)
            const uint16_t n = uint16_t(value.size());
            b.insert(at, std::string{8, 0, 0x10, 0, 'S', 'H', char(n & 0xff), char(n >> 8)} + value);
        };
    };
    expectSliceSkipped(withRecognitionCode("1.2.840.10008.1.2.1 "), "RecognitionCode '1.2.840.10008.1.2.1' is not ACR-NEMA");
}

namespace {

// The same file as Deflated Explicit VR Little Endian: the meta group with the deflate
// TransferSyntaxUID (and its group length fixed), then the data set as a raw deflate stream.
std::string deflatedCopy(const std::string& file, size_t cutStream = 0) {
    std::string meta, dataSet;
    size_t pos = 132;
    while (pos + 8 <= file.size() && file[pos] == 2 && file[pos + 1] == 0) {
        const uint16_t element = uint16_t(uint8_t(file[pos + 2]) | uint8_t(file[pos + 3]) << 8);
        const std::string vr = file.substr(pos + 4, 2);
        const bool longVr = vr == "OB" || vr == "UN";
        const size_t head = longVr ? 12 : 8;
        const uint32_t len = longVr ? uint32_t(uint8_t(file[pos + 8]) | uint8_t(file[pos + 9]) << 8)
                                    : uint32_t(uint8_t(file[pos + 6]) | uint8_t(file[pos + 7]) << 8);
        if (element == 0x0010) {
            const std::string ts = "1.2.840.10008.1.2.1.99";
            meta += std::string{2, 0, 0x10, 0, 'U', 'I', char(ts.size()), 0} + ts;
        } else if (element != 0x0000) {
            meta += file.substr(pos, head + len);
        }
        pos += head + len;
    }
    const uint32_t groupLength = uint32_t(meta.size());
    meta = std::string{2, 0, 0, 0, 'U', 'L', 4, 0, char(groupLength & 0xff), char(groupLength >> 8 & 0xff), 0, 0} + meta;
    z_stream z{};
    deflateInit2(&z, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    std::string raw = file.substr(pos);
    dataSet.resize(deflateBound(&z, uLong(raw.size())));
    z.next_in = reinterpret_cast<Bytef*>(raw.data());
    z.avail_in = uInt(raw.size());
    z.next_out = reinterpret_cast<Bytef*>(dataSet.data());
    z.avail_out = uInt(dataSet.size());
    deflate(&z, Z_FINISH);
    dataSet.resize(z.total_out - cutStream);
    deflateEnd(&z);
    return file.substr(0, 132) + meta + dataSet;
}

}  // namespace

// Deflated data sets went to GDCM unwalked: whatever GDCM asserts on inside them aborted.
// They are inflated (bounded) and walked now; a good one still loads through GDCM.
TEST(DicomDamaged, DeflatedDataSetsAreWalkedToo) {
    TempDir dir;
    const Volume v = patternVolume(kAxial);
    const auto files = writeDicomSeries(v, dir.path());
    std::string bits = readBytes(files[0]);  // damaged below
    for (const auto& f : files) writeBytes(f, deflatedCopy(readBytes(f)));
    std::string why;
    const std::string good = readBytes(files[0]);
    EXPECT_EQ(checkDicomBytes(good.data(), good.size(), &why), DicomFileCheck::Complete) << why;
    const Volume loaded = readDicomSeries(dir.path());
    ASSERT_EQ(loaded.voxelCount(), v.voxelCount());
    ASSERT_EQ(loaded.type(), v.type());
    EXPECT_EQ(std::memcmp(loaded.data<int16_t>(), v.data<int16_t>(), v.byteSize()), 0);
    EXPECT_EQ(loaded.meta.at("transfer_syntax"), "1.2.840.10008.1.2.1.99");

    // BitsAllocated 8 on 16-bit data, inside the deflated stream, is found.
    setUs(bits, 0x0100, 8);
    bits = deflatedCopy(bits);
    EXPECT_EQ(checkDicomBytes(bits.data(), bits.size(), &why), DicomFileCheck::Damaged);
    EXPECT_NE(why.find("BitsAllocated 8"), std::string::npos) << why;

    const std::string cut = deflatedCopy(readBytes(files[1]), 40);
    EXPECT_EQ(checkDicomBytes(cut.data(), cut.size(), &why), DicomFileCheck::Damaged);
    EXPECT_NE(why.find("deflated data set is cut off"), std::string::npos) << why;
}

// GDCM reads the image pixel group through gdcm::Attribute<>, which asserts that the VR is
// the dictionary's: (0028,0005) ImageDimensions as DS aborted (fuzz_dicom, ReadACRNEMAImage).
// Any element of that group with an incompatible VR, or a sequence there, is damage now.
TEST(DicomDamaged, PixelGroupElementsWithTheWrongVrAreSkipped) {
    auto insertBeforeRows = [](const std::string& element) {
        return [element](std::string& b) { b.insert(elementAt(b, 0x0028, 0x0010, "US"), element); };
    };
    expectSliceSkipped(insertBeforeRows(std::string{0x28, 0, 5, 0, 'D', 'S', 2, 0, '2', ' '}),
                       "element (0028,0005) at byte");
    // Explicit UN is compatible with anything (GDCM swaps its bytes itself): still loads.
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(kAxial), dir.path());
    std::string bytes = readBytes(files[2]);
    bytes.insert(elementAt(bytes, 0x0028, 0x0010, "US"), std::string{0x28, 0, 5, 0, 'U', 'N', 0, 0, 2, 0, 0, 0, 2, 0});
    std::string why;
    EXPECT_EQ(checkDicomBytes(bytes.data(), bytes.size(), &why), DicomFileCheck::Complete) << why;
}

// A file holding the file meta group and nothing after it made GDCM assert while reading the
// next tag (fuzz_dicom: "Should not happen" in ReadExplicitDataElement), with or without
// the 128-byte preamble.
TEST(DicomDamaged, MetaGroupWithoutDataSetIsDamaged) {
    TempDir dir;
    const auto files = writeDicomSeries(patternVolume(kAxial), dir.path());
    const std::string bytes = readBytes(files[0]);
    size_t end = 132;  // past the last group 0002 element
    while (bytes[end] == 2 && bytes[end + 1] == 0) {
        const std::string vr = bytes.substr(end + 4, 2);
        end += vr == "OB" ? 12 + size_t(uint8_t(bytes[end + 8]) | uint8_t(bytes[end + 9]) << 8)
                          : 8 + size_t(uint8_t(bytes[end + 6]) | uint8_t(bytes[end + 7]) << 8);
    }
    std::string why;
    const std::string metaOnly = bytes.substr(0, end);
    EXPECT_EQ(checkDicomBytes(metaOnly.data(), metaOnly.size(), &why), DicomFileCheck::Damaged);
    EXPECT_NE(why.find("file ends inside the file meta information"), std::string::npos) << why;
    const std::string noPreamble = bytes.substr(132, end - 132);
    EXPECT_NE(checkDicomBytes(noPreamble.data(), noPreamble.size(), &why), DicomFileCheck::Complete);
    EXPECT_NE(why.find("no data set after the file meta information"), std::string::npos) << why;
    writeBytes(files[0], noPreamble);
    EXPECT_NE(errorOf([&] { readDicomSeries(files[0]); }), "");
}

// An unknown PhotometricInterpretation ("MONOCHRTME2") made GDCM's RAW codec fail and
// assert (fuzz_dicom, gdcmRAWCodec.cxx DecodeBytes); so did a colour one on one sample.
TEST(DicomDamaged, PhotometricInterpretationMustBeKnownAndFitTheSamples) {
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x0004, "CS", "MONOCHRTME2"); },
                       "PhotometricInterpretation 'MONOCHRTME2' does not fit SamplesPerPixel 1");
    expectSliceSkipped([](std::string& b) { setText(b, 0x0028, 0x0004, "CS", "RGB"); },
                       "PhotometricInterpretation 'RGB' does not fit SamplesPerPixel 1");
}

// GDCM matches a TransferSyntaxUID by prefix: "1.2.840.10008.1.2.1" plus garbage read as
// explicit little endian while our length rule skipped the unknown syntax, and GDCM's RAW
// codec then read Rows x Columns x 2 bytes out of a 129-byte Pixel Data (heap over-read,
// fuzz_dicom). The UID must now be exact, and defined-length Pixel Data is always checked.
TEST(DicomDamaged, TransferSyntaxMustBeExactAndDefinedLengthPixelsAreChecked) {
    expectSliceSkipped([](std::string& b) { setText(b, 0x0002, 0x0010, "UI", "1.2.840.10008.1.2.1X"); },
                       "unknown TransferSyntaxUID '1.2.840.10008.1.2.1X'");
    // RLE Lossless claimed, but the pixels have a length (native) that Rows 7 does not fit.
    expectSliceSkipped(
        [](std::string& b) {
            setText(b, 0x0002, 0x0010, "UI", std::string("1.2.840.10008.1.2.5") + '\0');
            setUs(b, 0x0010, 7);
        },
        "Pixel Data holds 96 bytes but Rows 7");
}
