// src/cli/label_colour.h: every int64 label gets a colour from the table (negative labels
// indexed before the table: UBSan "index -1 out of bounds" in cmd_mesh.cpp's copy).
// Under the ASan/UBSan build the old code fails here with a stack-buffer-underflow.
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "src/cli/label_colour.h"

TEST(LabelColour, EveryLabelGetsAColourInRange) {
    std::vector<int64_t> labels = {std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
                                   -2147483648LL, 2147483647LL, 65535, 65536};
    for (int64_t l = -1000; l <= 1000; ++l) labels.push_back(l);
    for (int64_t l : labels) {
        const auto c = marrow::cli::labelColour(l);
        for (float v : c) {
            EXPECT_GE(v, 0.35f - 1e-6f) << "label " << l;
            EXPECT_LE(v, 0.95f + 1e-6f) << "label " << l;
        }
    }
}

TEST(LabelColour, NeighbouringLabelsDiffer) {
    for (int64_t l = -50; l < 50; ++l) EXPECT_NE(marrow::cli::labelColour(l), marrow::cli::labelColour(l + 1)) << l;
}
