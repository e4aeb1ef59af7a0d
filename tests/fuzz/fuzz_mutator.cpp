#include "tests/fuzz/fuzz_mutator.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

namespace marrow::fuzz {

namespace {
const uint64_t kIntegers[] = {0, 1, 2, 0xff, 0x7f, 0x80, 0xffff, 0x7fff, 0x8000, 0x7fffffff, 0x80000000,
                              0xffffffff, 4096, 65536, 0x7fffffffffffffff, 0x8000000000000000, ~uint64_t(0)};
const double kFloats[] = {0.0, -0.0, -1.0, 1.0, 1e30, -1e30, 1e-30, 3.4e38,
                          std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity(),
                          -std::numeric_limits<double>::infinity(), 4294967296.0};
const char* const kNumberTexts[] = {"0", "-1", "1", "2147483647", "2147483648", "-2147483648", "4294967295",
                                    "4294967296", "18446744073709551616", "99999999999999999999", "1e30",
                                    "-1e30", "nan", "inf", "-inf", "0.0", "1e-320", "100000", "4000000000"};
}  // namespace

size_t Mutator::headerOffset(size_t size, size_t align) {
    if (size < align) return 0;
    const size_t span = (rng_() & 1) ? std::min<size_t>(size, 512) : size;
    return below((span - align) / align + 1) * align;
}

void Mutator::putInteger(Bytes& b) {
    const size_t widths[] = {1, 2, 4, 8};
    const size_t w = widths[below(4)];
    if (b.size() < w) return;
    uint64_t v = kIntegers[below(std::size(kIntegers))];
    if (rng_() & 1) v = ~v + 1;  // negated
    const size_t at = headerOffset(b.size(), w);
    for (size_t i = 0; i < w; ++i) {  // little or big endian
        const size_t shift = (rng_() & 1 ? i : w - 1 - i) * 8;
        b[at + i] = uint8_t(v >> shift);
    }
}

void Mutator::putFloat(Bytes& b) {
    const double v = kFloats[below(std::size(kFloats))];
    if (rng_() & 1) {
        if (b.size() < 4) return;
        const float f = float(v);
        std::memcpy(b.data() + headerOffset(b.size(), 4), &f, 4);
    } else {
        if (b.size() < 8) return;
        std::memcpy(b.data() + headerOffset(b.size(), 8), &v, 8);
    }
}

// Text formats (NRRD headers, label tables, DICOM DS/IS strings): a run of digits
// becomes an absurd number.
void Mutator::replaceNumberText(Bytes& b) {
    if (b.empty()) return;
    size_t at = below(b.size());
    while (at < b.size() && !std::isdigit(b[at])) ++at;
    if (at == b.size()) return;
    size_t end = at;
    while (end < b.size() && (std::isdigit(b[end]) || b[end] == '.' || b[end] == 'e')) ++end;
    if (at > 0 && b[at - 1] == '-') --at;
    const std::string text = kNumberTexts[below(std::size(kNumberTexts))];
    b.erase(b.begin() + std::ptrdiff_t(at), b.begin() + std::ptrdiff_t(end));
    b.insert(b.begin() + std::ptrdiff_t(at), text.begin(), text.end());
}

void Mutator::mutateOnce(Bytes& b, const std::vector<Bytes>& corpus) {
    switch (below(10)) {
        case 0:
            if (!b.empty()) b[headerOffset(b.size(), 1)] ^= uint8_t(1u << below(8));
            break;
        case 1:
            if (!b.empty()) b[headerOffset(b.size(), 1)] = uint8_t(rng_());
            break;
        case 2: putInteger(b); break;
        case 3: putFloat(b); break;
        case 4: replaceNumberText(b); break;
        case 5:  // truncate
            b.resize(below(b.size() + 1));
            break;
        case 6: {  // duplicate a chunk in place
            if (b.empty()) break;
            const size_t from = below(b.size()), len = 1 + below(std::min<size_t>(b.size() - from, 4096));
            const Bytes chunk(b.begin() + std::ptrdiff_t(from), b.begin() + std::ptrdiff_t(from + len));
            b.insert(b.begin() + std::ptrdiff_t(below(b.size() + 1)), chunk.begin(), chunk.end());
            break;
        }
        case 7: {  // erase a chunk
            if (b.empty()) break;
            const size_t from = below(b.size()), len = 1 + below(std::min<size_t>(b.size() - from, 256));
            b.erase(b.begin() + std::ptrdiff_t(from), b.begin() + std::ptrdiff_t(from + len));
            break;
        }
        case 8: {  // splice: our head, another file's tail
            const Bytes& other = corpus[below(corpus.size())];
            const size_t cut = below(b.size() + 1), from = below(other.size() + 1);
            b.resize(cut);
            b.insert(b.end(), other.begin() + std::ptrdiff_t(from), other.end());
            break;
        }
        default: {  // a random byte string over a few bytes (magic numbers, VRs, tags)
            if (b.empty()) break;
            const size_t at = headerOffset(b.size(), 1), len = std::min<size_t>(1 + below(4), b.size() - at);
            for (size_t i = 0; i < len; ++i) b[at + i] = uint8_t(rng_());
        }
    }
}

Bytes Mutator::next(const std::vector<Bytes>& corpus) {
    Bytes b = corpus[below(corpus.size())];
    const size_t count = 1 + below(4);
    for (size_t i = 0; i < count; ++i) mutateOnce(b, corpus);
    if (b.size() > maxSize_) b.resize(maxSize_);
    return b;
}

}  // namespace marrow::fuzz
