#pragma once
// Everything the viewer shows, in one plain struct: the data, the crosshair (LPS mm), the
// display settings and each view's camera. Panels and views change it; the frame loop
// uploads what changed (the *Dirty flags) and draws it. No GL objects live here.
#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "io/volume.h"
#include "seg/document.h"
#include "seg/recovery_journal.h"
#include "seg/tools/paint.h"
#include "src/render/label_texture.h"
#include "src/render/orbit_camera.h"
#include "src/render/presets.h"
#include "src/render/slice_geometry.h"
#include "src/render/slice_renderer.h"
#include "ui/background_job.h"
#include "ui/segments_ui_state.h"
#include "ui/tool_panels_state.h"
#include "ui/click_tools.h"
#include "ui/split_tools.h"
#include "ui/message_log.h"
#include "ui/surface_view.h"

namespace marrow::ui {

enum class Layout { Quad = 0, Axial, Coronal, Sagittal, ThreeD };
const char* layoutName(Layout l);           // "quad", "axial", ...
bool parseLayout(const std::string& s, Layout& out);

// A screen rectangle in window pixels, origin top-left.
struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && py >= y && px < x + w && py < y + h; }
};

struct CursorReadout {
    bool valid = false;  // the mouse is over an MPR view inside the volume
    Vec3 patientMm;
    Index3 voxel{0, 0, 0};
    double value = 0;
};

// What would replace the document's labels: the unsaved-edits prompt asks before it.
enum class ReplaceKind { OpenImage, LoadLabels, Close };
struct ReplaceRequest {
    ReplaceKind kind = ReplaceKind::OpenImage;
    std::string path;  // the image or label map to open ("" for Close)
};

enum class Tool { Navigate = 0, Brush, Eraser, Scissors, Island, Grow, SliceMark, SplitMarker };

// The editing tools' settings and the stroke in progress (a left-drag in an MPR view).
struct EditState {
    Tool tool = Tool::Navigate;
    float radiusMm = 5;
    bool sphere = false;    // 3D sphere, else a 2D disk on the view's slice
    Label segment = 0;      // the selected segment (0: none)
    std::unique_ptr<tools::BrushStroke> stroke;
    int strokeView = -1;    // the MPR view (axis) the stroke is drawn in
    std::string savePath;   // "Save labels" target
    std::string exportDir;  // "Export STL" target folder
    std::string dicomSegPath = "segmentation.dcm";  // "Export DICOM-SEG" target (defaultDicomSegPath once a volume opens)
    std::vector<std::string> exportReport;  // one line per file written
    // The Export mesh dialog (ui/panel_export.cpp): its options, and the report the export
    // job fills on its worker (read by the UI only once the job has ended).
    struct ExportDialog {
        bool open = false;
        int format = 0;         // index into kExportFormats (panel_export.cpp)
        float decimate = 1.0f;  // fraction of triangles kept
        int smooth = 10;        // Taubin iterations
        bool keepLargest = false;
        bool selectedOnly = false;  // only the selected segment, else every visible one
        std::shared_ptr<std::vector<std::string>> pending;  // written by the running export
    } exportDialog;
    // Asks the app for its file dialog (the panels do not own it): "Save labels as", the
    // export folder, the reference labels of "Compare against".
    bool requestSaveLabelsAs = false, requestExportFolder = false, requestCompareAgainst = false;
    ClickToolsState click;  // scissors, island, grow, slice marking (ui/click_tools.h)
    SplitToolState split;   // the Split segment panel's markers and preview (ui/split_tools.h)
};

struct ViewerState {
    // Data
    const Volume& volume() const;  // the document's image (an empty volume before one is set)
    // The image, its label map, segments and undo history (the one copy of the image).
    std::unique_ptr<Document> doc;
    EditState edit;
    ToolPanelsState tools;  // threshold, smoothing, islands, statistics, bone model panels
    std::string source;  // path or "phantom"
    std::vector<std::string> labelsBeside;  // label maps found next to the image (none loaded)
    std::string message; // last error or notice, shown in the panel (in full, wrapped)
    // Every message shown, kept (ui/message_log.h). logMessages() copies a changed `message`
    // into it; say() sets and logs one with a known severity.
    MessageLog messages;
    std::string loggedMessage;   // the `message` last copied into the log
    int messageWrappedLines = 0; // how many lines the panel wrapped `message` into (test mode)
    bool showMessages = false;   // the "Messages" window is open
    std::vector<double> histogram; // counts per 10 HU bin from -1024 (teaching aid)
    SegmentsUiState segmentsUi;    // Segments panel: filters, caches (ui/segment_actions.h)
    // A long edit running on a worker (ui/background_job.h). While busy(), nothing on the UI
    // thread may read or edit doc's label map.
    BackgroundJob job;
    bool busy() const { return job.running(); }

    // Unsaved work (ui/unsaved_prompt.h). recoveryDir: where documents journal their edits
    // ("" = nowhere: tests, headless). unsavedPrompt: an open / load / close waiting for
    // Save / Discard / Cancel. recoveryOffers: journals a crashed session left, newest first
    // (the first is offered). recoverAfterOpen: a journal to replay once its image is open.
    std::string recoveryDir;
    std::optional<ReplaceRequest> unsavedPrompt;
    std::vector<JournalSummary> recoveryOffers;
    std::optional<JournalSummary> recoverAfterOpen;

    // Display
    Vec3 crosshair;
    render::WindowLevel wl;
    std::string windowPreset = "soft-tissue";  // "" when wl is a non-CT percentile window
    std::string valueUnit = "HU";  // what a voxel value is called: "HU", or the unit / "value" (non-CT)
    std::string volumePreset = "ct-bone";
    double shiftHu = 0;
    std::vector<render::OpacityPoint> opacity;  // editable copy of the preset's curve
    bool linear = true;
    render::LabelOverlayStyle overlay;
    render::ThresholdPreview preview;  // the threshold tool's live tint in every MPR view
    // A second overlay drawn over the segments (the difference map, a scratch mask): a UInt8
    // volume (any grid) and its colour table (alpha = opacity). Empty volume: none. Set
    // maskOverlayDirty after changing either, or, when only some voxels changed, widen
    // maskOverlayDirtyBox to cover them (re-uploads just that box).
    Volume maskOverlay;
    render::LabelColors maskColors{};
    bool maskOverlayDirty = false;
    VoxelBox maskOverlayDirtyBox;
    Layout layout = Layout::Quad;

    // Views
    std::array<render::SliceViewport, 3> slices{};
    std::array<bool, 3> sliceFitted{false, false, false};
    render::OrbitCamera camera;
    glm::vec3 clipLo{0.0f}, clipHi{1.0f};
    bool skipEmpty = true;
    View3dMode view3d = View3dMode::Volume;  // volume rendering, segment surfaces, or both
    std::array<Rect, 4> viewRects{};  // axial, coronal, sagittal, 3D (empty when hidden)
    CursorReadout cursor;
    bool interacting = false;  // a mouse button is down: keep drawing frames
    bool orbiting = false;     // a drag in the 3D view: it renders at lower resolution
    bool doubleClicked = false;  // a left double-click arrived since the last frame (DoubleClickDetector)

    // What the frame loop must push to the GPU.
    bool volumeDirty = false, labelsDirty = false /* full re-upload */, transferDirty = true, filterDirty = true, view3dDirty = true;

    void selectVolumePreset(const std::string& key);  // resets the curve and shift
    void selectWindowPreset(const std::string& key);
    void resetViews();        // refit MPR views and the 3D camera
    void clampCrosshair();    // keep it inside the volume's bounds
};

// Takes a freshly loaded volume (a new document without labels) or a document holding an
// image (and labels): centres the crosshair, picks defaults, marks uploads.
void setVolume(ViewerState& s, Volume volume, const std::string& source);
// Voxels per 10 HU bin from -1024 (410 bins, the ends collect what lies beyond): the Window panel's histogram.
std::vector<double> huHistogram(const Volume& volume);
void setDocument(ViewerState& s, std::unique_ptr<Document> doc);

// Sets the shown message and logs it with the given severity.
void say(ViewerState& s, Severity severity, std::string text);
// Logs `message` when it changed since the last call (its severity guessed from the words).
void logMessages(ViewerState& s);
// What the loader said about a newly opened volume (which series, its warnings), logged, and
// shown as the message when there are warnings.
void announceOpened(ViewerState& s);

}  // namespace marrow::ui
