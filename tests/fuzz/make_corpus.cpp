// marrow_fuzz_corpus OUT_FOLDER: writes the synthetic bad-input corpus (no real data)
// and OUT_FOLDER/manifest.tsv with each entry's expected class (tests/fuzz/corpus.h).
// The folders nifti/, nrrd/, dicom/ and labels/ are also the fuzz targets' seeds;
// cli_only/ holds inputs too slow to be seeds (gzip bombs, 100,000 layers).
#include <cstdio>
#include <exception>

#include "tests/fuzz/corpus.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUT_FOLDER\n", argv[0]);
        return 2;
    }
    try {
        namespace fs = std::filesystem;
        fs::remove_all(argv[1]);
        fs::create_directories(argv[1]);
        marrow::corpus::Manifest manifest(argv[1]);
        marrow::corpus::makeNiftiCorpus(manifest);
        marrow::corpus::makeNrrdCorpus(manifest);
        marrow::corpus::makeDicomCorpus(manifest);
        marrow::corpus::makeLabelCorpus(manifest);
        marrow::corpus::makeCliCorpus(manifest);
        std::printf("%zu corpus entries in %s\n", manifest.count(), argv[1]);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "marrow_fuzz_corpus: %s\n", e.what());
        return 1;
    }
    return 0;
}
