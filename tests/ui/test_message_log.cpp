// The message log (ui/message_log.h), how the viewer state feeds it (say, logMessages,
// announceOpened), and the modality default rule (ui/modality_defaults.h).
#include <gtest/gtest.h>

#include <cmath>

#include "ui/message_log.h"
#include "ui/modality_defaults.h"
#include "ui/viewer_state.h"

using namespace marrow;
using namespace marrow::ui;

TEST(MessageLog, KeepsEveryMessageInFullInOrderUpToItsCapacity) {
    MessageLog log(3);
    const std::string longText = "/a/very/long/folder/name/that/goes/on/and/on/for/a/while/study_0001: no DICOM files found";
    log.post(Severity::Error, longText);
    log.post(Severity::Warning, "gantry tilt 18.5 deg");
    log.post(Severity::Info, "");  // nothing to say: not logged
    ASSERT_EQ(log.entries().size(), 2u);
    EXPECT_EQ(log.entries().front().text, longText);  // never shortened
    EXPECT_EQ(log.newest()->severity, Severity::Warning);
    log.post(Severity::Info, "b");
    log.post(Severity::Info, "c");
    ASSERT_EQ(log.entries().size(), 3u);  // the oldest went
    EXPECT_EQ(log.entries().front().text, "gantry tilt 18.5 deg");
    EXPECT_EQ(log.posted(), 4u);
    const std::string all = log.formatAll();
    EXPECT_NE(all.find("warning: gantry tilt 18.5 deg\n"), std::string::npos);
    EXPECT_NE(all.find("info: c\n"), std::string::npos);
    EXPECT_EQ(MessageLog::format(log.entries().back()).size(), std::string("00:00:00 info: c").size());
}

TEST(MessageLog, GuessesTheSeverityOfFreeFormMessages) {
    EXPECT_EQ(guessSeverity("/data/empty: no DICOM files found"), Severity::Error);
    EXPECT_EQ(guessSeverity("labels.nii.gz: cannot open"), Severity::Error);
    EXPECT_EQ(guessSeverity("warning: slice spacing is uneven"), Severity::Warning);
    EXPECT_EQ(guessSeverity("saved labels.nii.gz"), Severity::Info);
}

TEST(MessageLog, TheViewerLogsEachChangedMessageOnceAndSayKeepsItsSeverity) {
    ViewerState s;
    s.message = "island: the click is outside the image";
    logMessages(s);
    logMessages(s);  // unchanged: not logged twice
    ASSERT_EQ(s.messages.entries().size(), 1u);
    say(s, Severity::Error, "/tmp/x: no DICOM files found");
    logMessages(s);  // say() logged it already
    ASSERT_EQ(s.messages.entries().size(), 2u);
    EXPECT_EQ(s.messages.newest()->severity, Severity::Error);
    EXPECT_EQ(s.message, "/tmp/x: no DICOM files found");
}

TEST(MessageLog, OpeningAVolumePostsItsLoadWarningsAndShowsThem) {
    Volume v(ImageGeometry({4, 4, 3}, {1, 1, 2}), ScalarType::Int16);
    v.meta["modality"] = "CT";
    v.meta["series_uid"] = "1.2.3";
    v.meta["series_number"] = "7";
    v.meta["description"] = "Bone 1.0 B70f";
    v.addLoadWarnings({"gantry tilt 18.5 deg: the slices are sheared", "uneven slice spacing"});
    ViewerState s;
    setVolume(s, std::move(v), "/data/two_series");
    announceOpened(s);
    ASSERT_EQ(s.messages.entries().size(), 3u);
    EXPECT_NE(s.messages.entries()[0].text.find("series 7 \"Bone 1.0 B70f\""), std::string::npos);
    EXPECT_EQ(s.messages.entries()[1].severity, Severity::Warning);
    EXPECT_NE(s.message.find("gantry tilt 18.5 deg"), std::string::npos);  // shown, not only logged
    EXPECT_NE(s.message.find("uneven slice spacing"), std::string::npos);
}

namespace {
// A volume whose values run 0..top evenly (voxel n holds n * top / (count - 1)).
Volume ramp(double top, const std::string& modality) {
    Volume v(ImageGeometry({20, 20, 25}, {1, 1, 1}), ScalarType::Int16);
    int16_t* p = v.data<int16_t>();
    const size_t count = v.voxelCount();
    for (size_t n = 0; n < count; ++n) p[n] = int16_t(std::lround(double(n) * top / double(count - 1)));
    if (!modality.empty()) v.meta["modality"] = modality;
    return v;
}
}  // namespace

TEST(ModalityDefaults, PercentilesComeFromTheHistogram) {
    const Volume v = ramp(1500, "MR");
    const PercentileRange r = valuePercentiles(v, 1, 99);
    EXPECT_NEAR(r.lo, 15, 1.0);    // 1 % of 0..1500
    EXPECT_NEAR(r.hi, 1485, 1.0);  // 99 %
}

TEST(ModalityDefaults, MrGetsAPercentileWindowTheMrPresetAndNoHu) {
    const ModalityDefaults d = modalityDefaults(ramp(1500, "MR"));
    EXPECT_FALSE(d.hu);
    EXPECT_EQ(d.unit, "value");
    EXPECT_EQ(d.volumePreset, "mr-default");
    EXPECT_NEAR(d.wl.level, 750, 2);
    EXPECT_NEAR(d.wl.window, 1470, 2);
}

TEST(ModalityDefaults, TheRuleForDataWithoutModalityIsAirBelowMinus200) {
    Volume ct = ramp(1500, "");
    ct.data<int16_t>()[0] = -1000;  // a little air is not 1 % of the voxels...
    EXPECT_FALSE(modalityDefaults(ct).hu);
    for (size_t n = 0; n < ct.voxelCount() / 10; ++n) ct.data<int16_t>()[n] = -1000;  // ...10 % is
    EXPECT_TRUE(modalityDefaults(ct).hu);
    EXPECT_TRUE(modalityDefaults(ramp(1500, "CT")).hu);  // Modality CT is HU whatever the values
    EXPECT_FALSE(modalityDefaults(ramp(1500, "PT")).hu);
}

TEST(ModalityDefaults, EachVolumeStartsFromItsOwnDefaults) {
    ViewerState s;
    setVolume(s, ramp(1500, "MR"), "mr.nii.gz");
    EXPECT_EQ(s.volumePreset, "mr-default");
    EXPECT_EQ(s.valueUnit, "value");
    EXPECT_NEAR(s.wl.level, 750, 2);
    s.wl = {123, 45};  // the user drags the window
    setVolume(s, ramp(1500, "CT"), "ct");
    EXPECT_EQ(s.volumePreset, "ct-bone");
    EXPECT_EQ(s.windowPreset, "soft-tissue");
    EXPECT_EQ(s.valueUnit, "HU");
    EXPECT_EQ(s.wl.window, render::findWindowPreset("soft-tissue")->wl.window);
    EXPECT_EQ(s.wl.level, render::findWindowPreset("soft-tissue")->wl.level);
}
