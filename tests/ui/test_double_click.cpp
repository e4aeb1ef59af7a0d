// Double-clicks from queued presses (DoubleClickDetector): decided by the presses' own times
// and places, so two quick clicks polled in one slow frame, or in two frames, are one
// double-click, and slow or distant clicks are not.
#include <gtest/gtest.h>

#include "ui/views.h"

using namespace marrow::ui;

TEST(DoubleClick, TwoQuickPressesInOneFrameAreADoubleClick) {
    DoubleClickDetector d;
    EXPECT_TRUE(d.feed({{10.0, 100, 100}, {10.12, 101, 100}}));
}

TEST(DoubleClick, TwoQuickPressesInTwoFramesAreADoubleClick) {
    DoubleClickDetector d;
    EXPECT_FALSE(d.feed({{10.0, 100, 100}}));
    EXPECT_FALSE(d.feed({}));  // a frame with no press keeps the first
    EXPECT_TRUE(d.feed({{10.45, 100, 103}}));
}

TEST(DoubleClick, SlowOrDistantPressesAreNot) {
    DoubleClickDetector slow;
    EXPECT_FALSE(slow.feed({{10.0, 100, 100}}));
    EXPECT_FALSE(slow.feed({{10.0 + DoubleClickDetector::kSeconds + 0.01, 100, 100}}));
    DoubleClickDetector far;
    EXPECT_FALSE(far.feed({{10.0, 100, 100}, {10.1, 100 + DoubleClickDetector::kPixels + 1, 100}}));
    // The slow second press starts a new pair: a quick third press completes it.
    EXPECT_TRUE(slow.feed({{10.7, 100, 100}}));
}

TEST(DoubleClick, ATripleClickIsOneDoubleClick) {
    DoubleClickDetector d;
    EXPECT_TRUE(d.feed({{10.0, 50, 50}, {10.1, 50, 50}}));
    EXPECT_FALSE(d.feed({{10.2, 50, 50}}));  // starts a new pair
    EXPECT_TRUE(d.feed({{10.3, 50, 50}}));
}
