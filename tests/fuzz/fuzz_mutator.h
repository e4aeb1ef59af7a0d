#pragma once
// The standalone driver's mutations: deterministic for a seed, aimed at binary headers
// (interesting integers and floats at aligned offsets, biased to the first 512 bytes)
// and at text headers (numbers replaced by absurd ones), plus truncation, duplication,
// erasure and splicing between corpus files.
#include <cstdint>
#include <random>
#include <vector>

namespace marrow::fuzz {

using Bytes = std::vector<uint8_t>;

class Mutator {
public:
    Mutator(uint64_t seed, size_t maxSize) : rng_(seed), maxSize_(maxSize) {}
    // A mutated copy of corpus[pick], 1 to 4 stacked mutations.
    Bytes next(const std::vector<Bytes>& corpus);

private:
    size_t below(size_t n) { return n ? size_t(rng_() % n) : 0; }
    size_t headerOffset(size_t size, size_t align);
    void mutateOnce(Bytes& b, const std::vector<Bytes>& corpus);
    void putInteger(Bytes& b);
    void putFloat(Bytes& b);
    void replaceNumberText(Bytes& b);

    std::mt19937_64 rng_;
    size_t maxSize_;
};

}  // namespace marrow::fuzz
