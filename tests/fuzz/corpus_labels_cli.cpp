// Label names files (read by `marrow compare MAP MAP --labels FILE`) and absurd CLI
// parameters on a small phantom CT.
#include "io/labeled_volume.h"
#include "io/nifti_io.h"
#include "io/phantom.h"
#include "tests/fuzz/corpus.h"

namespace marrow::corpus {

void makeLabelCorpus(Manifest& m) {
    const fs::path dir = m.folder("labels"), maps = m.folder("label_maps"), out = m.folder("out");
    const fs::path map = maps / "labels_1_to_3.nii";
    writeNifti(smallVolume(ScalarType::UInt8, 8, 8, 4, 3), map.string());
    const std::vector<std::pair<std::string, std::pair<Expect, std::string>>> files = {
        {"valid.tsv", {Expect::Accept, "label\tname\tr\tg\tb\n1\tliver\t200\t100\t50\n2\tspleen\t10\t20\t30\n3\tkidney\t1\t2\t3\n"}},
        {"valid.csv", {Expect::Accept, "label,name\n1,liver\n2,spleen\n3,kidney\n"}},
        {"valid_itksnap.txt", {Expect::Accept, "################################################\n"
                                               "# ITK-SnAP Label Description File\n"
                                               "    0     0    0    0        0  0  0    \"Clear Label\"\n"
                                               "    1   255    0    0        1  1  1    \"liver\"\n"
                                               "    2     0  255    0        1  1  1    \"spleen\"\n"}},
        {"latin1.tsv", {Expect::Accept, "1\tf\xf4ie\n2\tc\xf4te \xe9tendue\n3\tM\xfcller \xb5\n"}},
        {"latin1_itksnap.txt", {Expect::Accept, "    1   255    0    0        1  1  1    \"f\xf4ie\"\n"}},
        {"huge_id_2pow32.tsv", {Expect::Error, "1\tliver\n4294967296\tbig\n"}},
        {"huge_id_20_digits.csv", {Expect::Error, "1,liver\n99999999999999999999,big\n"}},
        {"huge_id_itksnap.txt", {Expect::Error, "    1   255    0    0        1  1  1    \"liver\"\n"
                                                "  1e20   255    0    0        1  1  1    \"big\"\n"}},
        {"inf_id_itksnap.txt", {Expect::Error, "    1   255    0    0        1  1  1    \"liver\"\n"
                                               "   inf   255    0    0        1  1  1    \"big\"\n"}},
        {"negative_id.tsv", {Expect::Error, "1\tliver\n-1\tminus one\n"}},
        {"negative_id_itksnap.txt", {Expect::Error, "    1   255    0    0        1  1  1    \"liver\"\n"
                                                    "   -3   255    0    0        1  1  1    \"minus\"\n"}},
        {"fractional_id.csv", {Expect::Error, "1,liver\n2.5,half\n"}},
        {"empty.tsv", {Expect::Error, ""}},
        {"comments_only.tsv", {Expect::Error, "# nothing here\n# still nothing\n"}},
        {"binary_junk.tsv", {Expect::Error, std::string("\x00\x01\x02\xff\xfe\x1f\x8b\x08\x00\x00\x00\x00\x7f\x80", 14) +
                                                std::string(200, '\x00')}},
        {"no_name.tsv", {Expect::Error, "1\tliver\n2\n"}},
    };
    for (const auto& [name, expectation] : files) {
        const fs::path p = dir / name;
        writeBytes(p, toBytes(expectation.second));
        m.add("labels." + name, expectation.first, expectation.first == Expect::Error ? p.string() : "-",
              {"compare", map.string(), map.string(), "--no-distances", "--labels", p.string(), "--json",
               (out / (name + ".json")).string()});
    }
}

void makeCliCorpus(Manifest& m) {
    const fs::path dir = m.folder("cli_only"), out = m.folder("out");
    PhantomOptions small;
    small.size = 32;
    const Phantom phantom = makePhantom(small);
    const std::string ct = (dir / "ct32.nii").string(), bones = (dir / "bones32.nii").string();
    writeNifti(phantom.ct, ct);
    writeNifti(phantom.bones, bones);
    const std::string seg = (out / "seg.nii").string(), stl = (out / "mesh.stl").string();
    auto segment = [&](const std::string& id, const std::string& option, std::vector<std::string> extra) {
        std::vector<std::string> args = {"segment", ct, "-o", seg};
        args.insert(args.end(), extra.begin(), extra.end());
        m.add("cli." + id, Expect::Error, option, args);
    };
    segment("threshold_reversed", "threshold", {"--threshold", "5000:-5000"});
    segment("threshold_nan", "threshold", {"--threshold", "nan:100"});
    segment("close_mm_1e9", "close-mm", {"--threshold", "200:3000", "--close-mm", "1e9"});
    segment("close_mm_negative", "close-mm", {"--threshold", "200:3000", "--close-mm", "-1"});
    segment("median_mm_nan", "median-mm", {"--threshold", "200:3000", "--median-mm", "nan"});
    segment("min_island_negative", "min-island-mm3", {"--threshold", "200:3000", "--min-island-mm3", "-1"});
    segment("connectivity_5", "connectivity", {"--threshold", "200:3000", "--connectivity", "5"});
    segment("keep_at_outside", "keep-at", {"--threshold", "200:3000", "--keep-at", "1e30,0,0"});
    segment("crop_box_outside", "crop-box", {"--threshold", "200:3000", "--crop-box", "1e6,1e6,1e6,2e6,2e6,2e6"});
    // Two corners in either order are the same box.
    m.add("cli.crop_box_reversed", Expect::Accept, "-",
          {"segment", ct, "-o", seg, "--force", "--threshold", "200:3000", "--crop-box", "10,10,10,-10,-10,-10"});

    auto mesh = [&](const std::string& id, const std::string& option, std::vector<std::string> extra) {
        std::vector<std::string> args = {"mesh", bones, "-o", stl, "--label", "1"};
        args.insert(args.end(), extra.begin(), extra.end());
        m.add("cli." + id, Expect::Error, option, args);
    };
    mesh("mesh_smooth_1e9", "smooth", {"--smooth", "1e9"});
    mesh("mesh_smooth_negative", "smooth", {"--smooth", "-3"});
    mesh("mesh_decimate_0", "decimate", {"--decimate", "0"});
    mesh("mesh_decimate_2", "decimate", {"--decimate", "2"});
    mesh("mesh_decimate_nan", "decimate", {"--decimate", "nan"});

    const std::string phantomOut = (out / "phantom.nii").string();
    m.add("cli.phantom_size_0", Expect::Error, "size", {"phantom", phantomOut, "--size", "0"});
    m.add("cli.phantom_size_negative", Expect::Error, "size", {"phantom", phantomOut, "--size", "-5"});
    m.add("cli.phantom_size_100000", Expect::Error, "size", {"phantom", phantomOut, "--size", "100000"});
    m.add("cli.info_voxel_outside", Expect::Error, "voxel", {"info", ct, "--voxel", "9999,0,0"});
    m.add("cli.unknown_option", Expect::Error, "frobnicate", {"info", ct, "--frobnicate"});

    // Outputs never overwrite inputs: a copy of the CT the test may lose if this fails.
    const std::string victim = (dir / "ct32_overwrite_victim.nii").string();
    fs::copy_file(ct, victim, fs::copy_options::overwrite_existing);
    m.add("cli.segment_output_is_input", Expect::Error, victim, {"segment", victim, "-o", victim, "--threshold", "200:3000"});

    // The viewer's crosshair outside the volume (GUI builds; the test skips it without view).
    m.add("cli.view_slice_outside", Expect::Warning, "slice",
          {"view", ct, "--slice", "9999,0,0", "--screenshot", (out / "view.png").string()});
}

}  // namespace marrow::corpus
