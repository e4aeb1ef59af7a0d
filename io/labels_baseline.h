#pragma once
// The "changes vs loaded labels" baseline kept with saved labels. When the viewer saves a
// corrected label map, the labels it was loaded from (e.g. the AI output) stay the
// reference of the difference overlay: a sidecar "<saved labels>.marrow.json" names that
// file, by path relative to the sidecar and absolute, with a fingerprint (size + CRC-32 of
// its bytes) so a baseline changed since is noticed rather than silently compared against.
//   {"marrow": "labels-baseline", "version": 1,
//    "baseline": {"relative": "../ai/seg.nii.gz", "absolute": "/data/ai/seg.nii.gz",
//                 "fingerprint": "123456:89abcdef"}}   (size:CRC-32)
// Only a reference: the baseline itself is not copied (label maps are large); a baseline
// deleted or edited later is reported when the saved labels are reopened.
#include <optional>
#include <string>

namespace marrow {

struct BaselineRef {
    std::string path;      // the file found (relative tried first, then absolute); "" if neither exists
    std::string recorded;  // the absolute path the sidecar recorded
    bool unchanged = false;  // path exists and its size and CRC-32 match the recorded ones
};

std::string baselineSidecarPath(const std::string& labelsPath);  // "<labels>.marrow.json"
// "<size>:<crc32 hex>" of a file's bytes; throws marrow::Error when it cannot be read.
std::string fileFingerprint(const std::string& path);
// Writes the sidecar of labelsPath naming baselinePath (atomically).
void writeBaselineSidecar(const std::string& labelsPath, const std::string& baselinePath);
// The sidecar's baseline, nothing when labelsPath has no sidecar; marrow::Error naming the
// sidecar when it is not one of ours.
std::optional<BaselineRef> readBaselineSidecar(const std::string& labelsPath);

}  // namespace marrow
