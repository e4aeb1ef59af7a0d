#include "ui/viewer_app.h"

#include <GL/glew.h>
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <chrono>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <memory>
#include <optional>
#include <utility>

#include "io/error.h"
#include "io/load.h"
#include "src/render/framebuffer.h"
#include "src/render/label_texture.h"
#include "src/render/ray_caster.h"
#include "src/render/slice_renderer.h"
#include "src/render/volume_texture.h"
#include "ui/drop_target.h"
#include "ui/edit_actions.h"
#include "ui/file_browser.h"
#include "ui/panels.h"
#include "ui/platform.h"
#include "ui/recent_files.h"
#include "ui/segment_actions.h"
#include "seg/stage_timer.h"
#include "ui/latency_trace.h"
#include "ui/surface_view.h"
#include "ui/test_probe.h"
#include "ui/unsaved_prompt.h"
#include "ui/view_mode.h"
#include "ui/views.h"
#include "ui/volume_loader.h"

namespace marrow::ui {
namespace {

constexpr float kPanelWidth = 330, kStatusHeight = 26;

// [SECTION] window and GL context
struct GlfwSession {
    GlfwSession() {
        glfwSetErrorCallback([](int, const char* text) { std::fprintf(stderr, "glfw: %s\n", text); });
        if (!glfwInit())
            throw Error("", "cannot open a window (no display? run under xvfb-run, or set DISPLAY)");
    }
    ~GlfwSession() { glfwTerminate(); }
};

GLFWwindow* createWindow(int width, int height, bool visible) {
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
    GLFWwindow* w = glfwCreateWindow(width, height, "Marrow", nullptr, nullptr);
    if (!w) throw Error("", "cannot create an OpenGL 3.3 core window");
    glfwMakeContextCurrent(w);
    glewExperimental = GL_TRUE;
    const GLenum glew = glewInit();
    // 4 = GLEW_ERROR_NO_GLX_DISPLAY under EGL: entry points are loaded anyway (platform.md 3).
    if (glew != GLEW_OK && glew != 4) {
        glfwDestroyWindow(w);
        throw Error("", "cannot load OpenGL functions (glewInit " + std::to_string(glew) + ")");
    }
    while (glGetError() != GL_NO_ERROR) {
    }
    return w;
}

// [SECTION] the viewer
class Viewer {
public:
    // The document (image and labels, if any) is loaded before the window opens, so a bad path
    // is reported as such even where no window can be made.
    Viewer(const ViewerOptions& o, bool visible, std::unique_ptr<Document> doc)
        : options_(o), recent_(RecentFiles::inConfigDir()) {
        window_ = createWindow(o.width, o.height, visible);
        glfwSetWindowUserPointer(window_, this);
        glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
            if (count > 0) static_cast<Viewer*>(glfwGetWindowUserPointer(w))->dropped(paths[0]);
        });
        // Closing with unsaved edits asks first (Save / Discard / Cancel).
        glfwSetWindowCloseCallback(window_, [](GLFWwindow* w) {
            if (!mayReplace(static_cast<Viewer*>(glfwGetWindowUserPointer(w))->state_, {ReplaceKind::Close, {}}))
                glfwSetWindowShouldClose(w, GLFW_FALSE);
        });
        // The mouse-button callback is installed before ImGui's backend, which chains to it
        // (DoubleClickDetector); the key callback replaces ImGui's after its init (keyEvent).
        glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int button, int action, int) {
            if (button != GLFW_MOUSE_BUTTON_LEFT || action != GLFW_PRESS) return;
            double x = 0, y = 0;
            glfwGetCursorPos(w, &x, &y);
            static_cast<Viewer*>(glfwGetWindowUserPointer(w))->clicks_.push_back({glfwGetTime(), float(x), float(y)});
        });
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGuiIO& io = ImGui::GetIO();
        io.IniFilename = nullptr;  // deterministic layout, nothing written
        io.LogFilename = nullptr;
        ImGui::StyleColorsDark();
        ImGui_ImplGlfw_InitForOpenGL(window_, true);
        glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int scancode, int action, int mods) {
            static_cast<Viewer*>(glfwGetWindowUserPointer(w))->keyEvent(key, scancode, action, mods);
        });
        ImGui_ImplOpenGL3_Init("#version 330 core");
        slices_ = std::make_unique<render::SliceRenderer>();
        rays_ = std::make_unique<render::RayCaster>();
        state_.layout = o.layout;
        state_.view3d = o.view3d;
        const std::string source = o.path.empty() ? "phantom" : o.path;
        if (visible) {  // an interactive session journals its edits and offers what a crash left
            state_.recoveryDir = recoveryDir();
            findRecoveryOffers(state_);
        }
        setDocument(state_, std::move(doc));  // the volume's own defaults (ui/modality_defaults.h)
        announceOpened(state_);
        // A preset named on the command line wins over them.
        if (o.volumePreset != ViewerOptions{}.volumePreset) state_.selectVolumePreset(o.volumePreset);
        if (o.windowPreset != ViewerOptions{}.windowPreset) state_.selectWindowPreset(o.windowPreset);
        if (source != "phantom") recent_.add(source);
        state_.edit.savePath = defaultLabelsPath(source);
        state_.edit.dicomSegPath = defaultDicomSegPath(source);
        state_.edit.exportDir = defaultExportDir(source);
        if (o.hasSlice) {
            state_.crosshair = o.slice;
            state_.clampCrosshair();
        }
    }
    ~Viewer() {
        slices_.reset();
        rays_.reset();
        surfaces_ = SurfaceView();  // its GL objects go while the context lives
        volumeTex_.reset();
        labelTex_.reset();
        maskTex_.reset();
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
        glfwDestroyWindow(window_);
    }

    // Opens the file dialog for what the panels asked, and acts on the path it returns.
    void fileDialog(const PanelRequests& req) {
        EditState& e = state_.edit;
        const auto& recent = recent_.paths();
        std::vector<std::string> inputs = {state_.source};
        if (state_.doc) inputs.push_back(state_.doc->baselineSource());
        if (req.showBrowser) browser_.open(FilePurpose::OpenImage, state_.source, recent);
        if (req.showLabelsBrowser) browser_.open(FilePurpose::LoadLabels, state_.source, recent);
        if (std::exchange(e.requestSaveLabelsAs, false))
            browser_.open(FilePurpose::SaveLabelsAs, e.savePath, recent, inputs);
        if (std::exchange(e.requestExportFolder, false)) browser_.open(FilePurpose::ExportFolder, e.exportDir, recent);
        if (std::exchange(e.requestCompareAgainst, false))
            browser_.open(FilePurpose::CompareAgainst, state_.doc ? state_.doc->baselineSource() : "", recent);
        const std::string p = browser_.draw(recent);
        if (p.empty()) return;
        switch (browser_.purpose()) {
            case FilePurpose::OpenImage: pendingOpen_ = p; break;
            case FilePurpose::LoadLabels: pendingLabels_ = p; break;
            case FilePurpose::SaveLabelsAs:
                e.savePath = p;
                saveLabels(state_);
                break;
            case FilePurpose::ExportFolder: e.exportDir = p; break;
            case FilePurpose::CompareAgainst: compareAgainst(state_, p); break;
        }
    }

    // Starts loading path on a worker; the old data stays on screen until handlePendingOpen
    // swaps the new volume in (or shows the error, keeping the old data).
    void open(const std::string& path) {
        if (!loader_.start(path)) state_.message = "still opening " + loader_.path() + " (or Cancel it)";
        else latencyTrace().begin("load"), loadStart_ = LatencyTrace::Clock::now();
    }

    // The new volume replaces the document (on the UI thread, between frames).
    void swapIn(Volume v, const std::string& path) {
        setVolume(state_, std::move(v), path);
        if (path != "phantom") recent_.add(path);
        state_.edit.savePath = defaultLabelsPath(path);
        state_.edit.dicomSegPath = defaultDicomSegPath(path);
        state_.edit.exportDir = defaultExportDir(path);
        ++volumeSwaps_;
    }

    // Every key event: shortcuts go to the app's queue (KeyPress); ImGui gets the event too,
    // but a release that comes in the same event batch as its press is held back one frame.
    // ImGui 1.86 keeps only "is down" per key, so a quick press and release (xdotool, a
    // fast typist, a slow frame) of Enter, Backspace or Ctrl before a click was never seen.
    void keyEvent(int key, int scancode, int action, int mods) {
        if (action == GLFW_PRESS) {
            keys_.push_back({key, (mods & GLFW_MOD_CONTROL) != 0, (mods & GLFW_MOD_SHIFT) != 0});
            pressedThisBatch_.push_back(key);
            if (key == GLFW_KEY_F12 && options_.testMode) syncFrames_ = kSyncFrames;
        }
        if (action == GLFW_RELEASE &&
            std::find(pressedThisBatch_.begin(), pressedThisBatch_.end(), key) != pressedThisBatch_.end()) {
            heldReleases_.push_back({key, scancode, mods});
            return;
        }
        ImGui_ImplGlfw_KeyCallback(window_, key, scancode, action, mods);
    }
    // Before polling the next batch: ImGui has seen the held keys down for a frame.
    void releaseHeldKeys() {
        for (const auto& [key, scancode, mods] : heldReleases_)
            ImGui_ImplGlfw_KeyCallback(window_, key, scancode, GLFW_RELEASE, mods);
        heldReleases_.clear();
        pressedThisBatch_.clear();
    }

    // Frame-to-frame times while a background job runs (the bench's "window stays responsive").
    void timeJobFrame(bool jobRan) {
        const auto now = std::chrono::steady_clock::now();
        if (jobRan && lastFrameAt_) {
            const double ms = std::chrono::duration<double, std::milli>(now - *lastFrameAt_).count();
            ++jobFrames_;
            jobFrameSumMs_ += ms;
            jobFrameMaxMs_ = std::max(jobFrameMaxMs_, ms);
        }
        lastFrameAt_ = now;
    }

    int run() {
        int framesLeft = 3;
        // Startup: from the process start to the first frame that shows the volume.
        latencyTrace().begin("startup", processStart());
        latencyTrace().workDone(msSince(processStart()));
        while (!glfwWindowShouldClose(window_)) {
            releaseHeldKeys();
            if (framesLeft > 0) {
                glfwPollEvents();
            } else {
                glfwWaitEvents();  // nothing changes: sleep until input (quiet fan)
                framesLeft = 3;
            }
            latencyTrace().inputArrived();
            int fw = 0, fh = 0;
            glfwGetFramebufferSize(window_, &fw, &fh);
            if (fw < 1 || fh < 1) {  // minimised
                framesLeft = 0;
                continue;
            }
            handlePendingOpen();
            handlePendingLabels();
            const bool keyed = !keys_.empty() || !clicks_.empty();  // a shortcut or double-click may change what the next frames show
            const bool jobBefore = state_.busy();
            frame(true, fw, fh, 0);
            if (screenshotRequested_) saveGuiScreenshot();
            glfwSwapBuffers(window_);
            reportLatency();
            timeJobFrame(jobBefore);
            reportTestState();
            reportSync();
            if (state_.doc && !state_.busy()) state_.doc->journalDisplayChanges();
            // The journal's writer stopped (disk full?): say so once, where messages show.
            const bool journalFailed = state_.doc && state_.doc->journal() && state_.doc->journal()->failed();
            if (journalFailed && !autosaveFailureShown_) state_.message = "autosave stopped: " + state_.doc->recoveryProblem();
            autosaveFailureShown_ = journalFailed;
            if (keyed || syncFrames_ > 0 || state_.interacting || state_.busy() || loader_.running() || journalBehind())
                framesLeft = 3;  // progress bar moves; JOURNAL line once written
            else --framesLeft;
        }
        // A clean exit: the user saved or discarded the edits (the close prompt asked).
        if (state_.busy()) {
            state_.job.cancel();
            state_.job.wait();
        }
        if (state_.doc) state_.doc->discardRecovery();
        return 0;
    }

    void screenshot(const std::string& path, int width, int height) {
        render::Framebuffer fb;
        fb.resize(width, height);
        // Two frames: ImGui lays out windows on the first. A job the frames started (the
        // surfaces' first meshing) is waited for and shown by one more frame.
        for (int n = 0; n < 2; ++n) {
            frame(false, width, height, &fb);
            if (state_.busy()) {
                state_.job.wait();
                n = 0;
            }
        }
        fb.bind();
        render::writePng(path, width, height, render::readPixelsTopDown(0, 0, width, height));
        std::printf("screenshot: %s (%dx%d, layout %s)\n", path.c_str(), width, height, layoutName(state_.layout));
        for (const auto& m : notices()) std::printf("note: %s\n", m.c_str());
        if (options_.testMode) printViewMaps();
    }

private:
    std::vector<std::string> notices() const {
        std::vector<std::string> out;
        if (volumeTex_ && !volumeTex_->message().empty()) out.push_back(volumeTex_->message());
        return out;
    }

    // --test-mode: F12 asks for "SYNC n", printed once kSyncFrames frames have been drawn
    // after it with no job or load running. X delivers input in order, so by then every
    // earlier key and click has been handled, its job (if any) has ended, and the screen
    // shows the result: a test waits for that instead of sleeping and hoping.
    static constexpr int kSyncFrames = 3;
    void reportSync() {
        if (syncFrames_ == 0 || state_.busy() || loader_.running()) return;
        if (--syncFrames_ == 0) {
            std::printf("SYNC %d\n", ++syncCount_);
            std::fflush(stdout);
        }
    }

    // The action whose result this frame showed: a LATENCY line (--test-mode).
    void reportLatency() {
        const auto r = latencyTrace().frameSwapped();
        if (!r || !options_.testMode) return;
        std::printf("%s\n", latencyLine(*r).c_str());
        std::fflush(stdout);
    }

    void handlePendingOpen() {
        if (!loaded_) {
            if (auto r = loader_.poll()) {
                latencyTrace().workDone(msSince(loadStart_));
                if (options_.testMode)
                    std::printf("JOB %s %s: %s\n", r->volume ? "ok" : r->cancelled ? "cancelled" : "failed",
                                loader_.job().name().c_str(), r->message.c_str());
                if (r->volume) {
                    loaded_ = std::move(r);
                } else if (!r->series.empty()) {  // several series: the chooser asks which
                    seriesChoice_.emplace();
                    seriesChoice_->path = r->path;
                    seriesChoice_->series = std::move(r->series);
                    seriesChoice_->setThumbnails(r->thumbnails);
                    if (options_.testMode) {  // what each row of the chooser shows
                        std::printf("CHOOSER %zu\n", seriesChoice_->series.size());
                        for (size_t n = 0; n < seriesChoice_->series.size(); ++n) {
                            const DicomSeriesInfo& i = seriesChoice_->series[n];
                            const ImVec2 thumb = seriesChoice_->sizes.at(n);
                            std::printf("SERIESINFO %zu %s %s | %s | %d | %s | %.3g x %.3g x %.3g | %.0fx%.0f\n", n,
                                        i.seriesNumber.c_str(), i.description.c_str(), i.modality.c_str(), i.slices,
                                        i.kernel.c_str(), i.pixelSpacing[0], i.pixelSpacing[1], i.sliceThickness,
                                        thumb.x, thumb.y);
                        }
                    }
                } else {
                    say(state_, r->cancelled ? Severity::Info : Severity::Error, r->message);
                    if (!r->cancelled) std::fprintf(stderr, "marrow: %s\n", r->message.c_str());
                }
            }
        }
        // A running edit job owns the document: the new one waits until it ends.
        if (loaded_ && !state_.busy()) {
            swapIn(std::move(*loaded_->volume), loaded_->path);
            loaded_.reset();
            announceOpened(state_);  // which series, and the loader's warnings, in the message area
            if (state_.recoverAfterOpen) {  // "Recover" asked for an image
                recoverPending(state_);
                lastLabelsVersion_ = ~uint64_t(0);
            }
        }
        if (pendingOpen_.empty() || loader_.running()) return;  // one load at a time
        const std::string path = std::move(pendingOpen_);
        pendingOpen_.clear();
        const bool approved = std::exchange(openApproved_, false);
        if (approved || mayReplace(state_, {ReplaceKind::OpenImage, path})) open(path);
    }

    // What the unsaved-edits prompt and the recovery offer answered (drawn this frame).
    void handlePromptAnswers(std::optional<PromptAnswer> answer, std::optional<RecoveryChoice> choice) {
        if (answer)
            if (const auto r = answerUnsaved(state_, *answer)) {
                if (r->kind == ReplaceKind::Close) glfwSetWindowShouldClose(window_, GLFW_TRUE);
                else if (r->kind == ReplaceKind::OpenImage) pendingOpen_ = r->path, openApproved_ = true;
                else pendingLabels_ = r->path, labelsApproved_ = true;
            }
        if (choice)
            if (const auto image = chooseRecovery(state_, *choice)) pendingOpen_ = *image;  // asks if need be
        if (choice) lastLabelsVersion_ = ~uint64_t(0);  // print LABELS again
    }

    bool journalBehind() const {
        const RecoveryJournal* j = state_.doc ? state_.doc->journal() : nullptr;
        return j && j->recordsWritten() != j->recordsQueued();
    }

    // The series chooser: one row per series of the folder, Open loads it, Cancel keeps the
    // data on screen.
    void seriesChooserWindow(const Rect& area) {
        if (!seriesChoice_) return;
        ImGui::SetNextWindowPos({area.x + area.w / 2, area.y + area.h / 2}, ImGuiCond_Appearing, {0.5f, 0.5f});
        ImGui::SetNextWindowSize({std::min(area.w - 16, 760.0f), 0}, ImGuiCond_Appearing);
        ImGui::SetNextWindowBgAlpha(1.0f);
        ImGui::Begin("Choose a series", nullptr, ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse);
        ImGui::TextWrapped("%s holds %zu series:", seriesChoice_->path.c_str(), seriesChoice_->series.size());
        int chosen = -1;
        if (ImGui::BeginTable("##series", 7, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) {
            for (const char* name : {"", "#, description", "modality", "slices", "kernel", "spacing (mm)", "middle slice"})
                ImGui::TableSetupColumn(name);
            ImGui::TableHeadersRow();
            for (size_t n = 0; n < seriesChoice_->series.size(); ++n) {
                const DicomSeriesInfo& info = seriesChoice_->series[n];
                ImGui::TableNextRow();
                ImGui::TableNextColumn();
                if (ImGui::Button(("Open##" + std::to_string(n)).c_str())) chosen = int(n);
                probeItem("series.open." + std::to_string(n));
                ImGui::TableNextColumn();
                ImGui::TextWrapped("%s %s", info.seriesNumber.c_str(),
                                   info.description.empty() ? "(no description)" : info.description.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(info.modality.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%d of %dx%d", info.slices, info.columns, info.rows);
                ImGui::TableNextColumn();
                ImGui::TextWrapped("%s", info.kernel.empty() ? "-" : info.kernel.c_str());
                ImGui::TableNextColumn();
                ImGui::Text("%.3g x %.3g x %.3g", info.pixelSpacing[0], info.pixelSpacing[1], info.sliceThickness);
                ImGui::TableNextColumn();
                if (n < seriesChoice_->textures.size() && seriesChoice_->textures[n])
                    ImGui::Image((ImTextureID)(intptr_t)seriesChoice_->textures[n], seriesChoice_->sizes[n]);
                else
                    ImGui::TextDisabled("(no picture)");
            }
            ImGui::EndTable();
        }
        if (ImGui::Button("Cancel")) seriesChoice_.reset();
        probeItem("series.cancel");
        ImGui::End();
        if (chosen >= 0 && seriesChoice_ && loader_.start(seriesChoice_->path, chosen)) seriesChoice_.reset();
    }

    // The running load: what, how far, and Cancel, over the top of the view area.
    void loadProgressWindow(const Rect& area) {
        if (!loader_.running()) return;
        BackgroundJob& job = loader_.job();
        ImGui::SetNextWindowPos({area.x + 8, area.y + 8});
        ImGui::SetNextWindowSize({std::min(360.0f, std::max(area.w - 16, 120.0f)), 0});
        ImGui::Begin("##loading", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
        ImGui::TextUnformatted(job.name().c_str());
        const std::string stage = job.stage();
        ImGui::ProgressBar(float(job.fraction()), {-1, 0}, stage.empty() ? nullptr : stage.c_str());
        ImGui::BeginDisabled(job.cancelling());
        if (ImGui::Button("Cancel")) job.cancel();
        ImGui::EndDisabled();
        ImGui::End();
    }

    // A dropped label map loads onto the open image; anything else opens as the image.
    void dropped(const std::string& path) {
        if (dropTargetFor(path, state_.volume()) == DropAs::Labels) pendingLabels_ = path;
        else pendingOpen_ = path;
    }

    void handlePendingLabels() {
        // A running job keeps the request, and labels dropped while a new image loads go onto it.
        if (pendingLabels_.empty() || state_.busy() || loader_.running() || loaded_) return;
        const std::string path = std::move(pendingLabels_);
        pendingLabels_.clear();
        const bool approved = std::exchange(labelsApproved_, false);
        if (!approved && !mayReplace(state_, {ReplaceKind::LoadLabels, path})) return;
        if (loadLabelsOnto(state_, path)) lastLabelsVersion_ = ~uint64_t(0);  // print LABELS again
        std::printf("%s\n", state_.message.c_str());
        std::fflush(stdout);
    }

    // [SECTION] one frame: UI -> uploads -> GL views -> ImGui on top
    // chrome = side panel + status bar (off for headless screenshots). target = null: the
    // window's back buffer; else that framebuffer at width x height.
    void frame(bool chrome, int fbWidth, int fbHeight, render::Framebuffer* target) {
        ImGui_ImplOpenGL3_NewFrame();
        ImGui_ImplGlfw_NewFrame();
        ImGuiIO& io = ImGui::GetIO();
        if (target) {
            io.DisplaySize = {float(fbWidth), float(fbHeight)};
            io.DisplayFramebufferScale = {1, 1};
        }
        ImGui::NewFrame();
        if (const auto done = pollEditJob(state_); done && options_.testMode) {
            std::printf("JOB %s %s: %s\n", done->ok ? "ok" : done->cancelled ? "cancelled" : "failed",
                        done->name.c_str(), done->message.c_str());
            // JOBFRAMES n max ms mean ms: how the window kept drawing while the job ran.
            std::printf("JOBFRAMES %d max %.1f ms mean %.1f ms\n", jobFrames_, jobFrameMaxMs_,
                        jobFrames_ ? jobFrameSumMs_ / jobFrames_ : 0.0);
            jobFrames_ = 0;
            jobFrameMaxMs_ = jobFrameSumMs_ = 0;
            std::fflush(stdout);
        }
        logMessages(state_);  // a message set anywhere since the last frame joins the log
        const float W = io.DisplaySize.x, H = io.DisplaySize.y;
        Rect area{0, 0, W, H};
        if (chrome) {
            const float panel = std::min(kPanelWidth, W * 0.4f);
            area = {panel, 0, W - panel, std::max(0.0f, H - kStatusHeight)};
            PanelRequests req;
            sidePanel(state_, {0, 0, panel, area.h}, recent_.paths(), req);
            statusBar(state_, {0, area.h, W, kStatusHeight});
            messagesWindow(state_, area);
            seriesChooserWindow(area);
            if (!req.open.empty()) pendingOpen_ = req.open;
            if (!req.openLabels.empty()) pendingLabels_ = req.openLabels;
            if (req.screenshot) screenshotRequested_ = true;
            fileDialog(req);
            exportMeshWindow(state_);
        }
        // A question on screen: shortcuts wait for its answer.
        if (state_.unsavedPrompt || !state_.recoveryOffers.empty()) keys_.clear();
        // Keys first: M changes the layout, and this frame must draw the new one (the loop may
        // sleep after it). viewShortcuts finds the view under the mouse in last frame's layout,
        // which is what is on the screen.
        editShortcuts(state_, keys_);
        viewShortcuts(state_, keys_);
        keys_.clear();
        state_.doubleClicked = doubleClicks_.feed(clicks_);
        clicks_.clear();
        layoutViews(area);
        viewsWindow(area);
        if (chrome) {
            loadProgressWindow(area);
            // Last: a window first drawn after a modal opened would trip ImGui 1.86's check.
            std::optional<PromptAnswer> answer;
            std::optional<RecoveryChoice> choice;
            promptWindows(state_, answer, choice);
            handlePromptAnswers(answer, choice);
        }
        state_.interacting = ImGui::IsMouseDown(0) || ImGui::IsMouseDown(1) || ImGui::IsMouseDown(2);
        ImGui::Render();

        uploadChanges();
        if (target) target->bind();
        else glBindFramebuffer(GL_FRAMEBUFFER, 0);
        glViewport(0, 0, fbWidth, fbHeight);
        glDisable(GL_SCISSOR_TEST);
        glClearColor(0.08f, 0.08f, 0.09f, 1);
        glClear(GL_COLOR_BUFFER_BIT);
        drawViews(float(fbWidth) / std::max(W, 1.0f), float(fbHeight) / std::max(H, 1.0f), fbHeight);
        ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
        MARROW_GL_CHECK("frame");
    }

    void layoutViews(const Rect& a) {
        auto& r = state_.viewRects;
        r = {};
        const float gap = 2, hw = (a.w - gap) / 2, hh = (a.h - gap) / 2;
        switch (state_.layout) {
            case Layout::Quad:
                r[0] = {a.x, a.y, hw, hh};                        // axial: top left
                r[1] = {a.x + hw + gap, a.y, hw, hh};             // coronal: top right
                r[2] = {a.x, a.y + hh + gap, hw, hh};             // sagittal: bottom left
                r[3] = {a.x + hw + gap, a.y + hh + gap, hw, hh};  // 3D: bottom right
                break;
            case Layout::ThreeD: r[3] = a; break;
            default: r[int(state_.layout) - 1] = a; break;
        }
    }

    void viewsWindow(const Rect& a) {
        ImGui::SetNextWindowPos({a.x, a.y});
        ImGui::SetNextWindowSize({a.w, a.h});
        ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
        ImGui::Begin("##views", nullptr,
                     ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoBackground | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                         ImGuiWindowFlags_NoSavedSettings);
        state_.cursor.valid = false;
        for (int v = 0; v < 3; ++v)
            if (state_.viewRects[v].w > 0) mprView(state_, render::ViewAxis(v), state_.viewRects[v]);
        if (state_.viewRects[3].w > 0) volumeView(state_, state_.viewRects[3]);
        ImGui::End();
        ImGui::PopStyleVar();
    }

    void uploadChanges() {
        ViewerState& s = state_;
        if (s.volumeDirty) {
            StageTimer timer("upload");
            latencyTrace().resultDrawn();
            volumeTex_ = std::make_unique<render::VolumeTexture>();
            // MARROW_MAX_3D_TEXTURE_SIZE lowers the GPU's limit (tests of the downsampling path).
            const char* limit = std::getenv("MARROW_MAX_3D_TEXTURE_SIZE");
            volumeTex_->upload(s.volume(), limit ? std::atoi(limit) : 0);
            if (!volumeTex_->message().empty()) s.message = volumeTex_->message();
            s.volumeDirty = false;
            s.transferDirty = s.filterDirty = true;
        }
        if (s.doc && !s.busy()) {  // a running job owns the label map
            LabelMap& map = s.doc->labels();
            // One dirty box for both: the texture and the surface blocks it touches.
            VoxelBox dirty;
            const bool full = s.labelsDirty || !labelTex_;
            std::optional<StageTimer> upload(std::in_place, "upload");
            if (full) {
                labelTex_ = std::make_unique<render::LabelTexture>();
                labelTex_->upload(map);
                map.takeDirtyBox();
                colors_ = render::segmentColors(map);
                s.labelsDirty = false;
            } else {
                dirty = map.takeDirtyBox();
                labelTex_->updateBox(map, dirty);
                // Cheap (256 entries): catches added, recoloured and hidden segments.
                if (const auto c = render::segmentColors(map); c != colors_) {
                    labelTex_->setColors(c);
                    colors_ = c;
                }
            }
            if (full || !dirty.empty()) latencyTrace().resultDrawn();
            upload.reset();
            StageTimer remesh("remesh");
            if (surfaces_.sync(map, dirty, full, s.view3d != View3dMode::Volume, &s.job)) {
                s.view3dDirty = true;
                latencyTrace().doneOnUiThread(0);  // "surfaces on": this frame draws the new surfaces
            }
        }
        if (s.maskOverlayDirty) {
            maskTex_.reset();
            if (!s.maskOverlay.empty()) {
                maskTex_ = std::make_unique<render::LabelTexture>();
                maskTex_->upload(s.maskOverlay);
                maskTex_->setColors(s.maskColors);
            }
            s.maskOverlayDirty = false;
            s.maskOverlayDirtyBox = {};
        } else if (!s.maskOverlayDirtyBox.empty()) {
            if (maskTex_ && !s.maskOverlay.empty()) maskTex_->updateBox(s.maskOverlay, s.maskOverlayDirtyBox);
            s.maskOverlayDirtyBox = {};
        }
        if (!volumeTex_) return;
        if (s.filterDirty) {
            volumeTex_->setLinear(s.linear);
            s.filterDirty = false;
            s.view3dDirty = true;
        }
        if (s.transferDirty) {
            if (const render::VolumePreset* p = render::findVolumePreset(s.volumePreset))
                rays_->setTransferFunction(*volumeTex_, *p, s.opacity, s.shiftHu);
            s.transferDirty = false;
            s.view3dDirty = true;
        }
    }

    void drawViews(float sx, float sy, int fbHeight) {
        if (!volumeTex_) return;
        auto glRect = [&](const Rect& r, int out[4]) {
            out[0] = int(r.x * sx);
            out[1] = fbHeight - int((r.y + r.h) * sy);
            out[2] = std::max(1, int(r.w * sx));
            out[3] = std::max(1, int(r.h * sy));
        };
        int g[4];
        for (int v = 0; v < 3; ++v) {
            const Rect& r = state_.viewRects[v];
            if (r.w < 1 || r.h < 1) continue;
            glRect(r, g);
            glViewport(g[0], g[1], g[2], g[3]);
            render::SliceOverlays overlays;
            overlays.labels = labelTex_.get();
            overlays.style = state_.overlay;
            overlays.mask = maskTex_.get();
            overlays.preview = state_.preview;
            slices_->draw(*volumeTex_, render::ViewAxis(v), state_.slices[v], state_.crosshair, state_.wl, overlays);
        }
        const Rect& r3 = state_.viewRects[3];
        if (r3.w >= 1 && r3.h >= 1) {
            glRect(r3, g);
            render::RaySettings rs;
            rs.resolution = state_.orbiting ? 0.5f : 1.0f;
            rs.stepVoxels = state_.orbiting ? 2.0f : 1.0f;
            rs.linear = state_.linear && !state_.orbiting;
            rs.skipEmpty = state_.skipEmpty;
            rs.clipLo = state_.clipLo;
            rs.clipHi = state_.clipHi;
            // Re-cast only when something the 3D view shows changed.
            const std::array<double, 10> sig{double(g[2]), double(g[3]), rs.resolution, double(rs.linear),
                                             state_.camera.distance, state_.camera.azimuthDeg,
                                             state_.camera.elevationDeg, state_.camera.target.x,
                                             state_.camera.target.y, state_.camera.target.z};
            const bool rerender = state_.view3dDirty || sig != last3d_;
            if (state_.view3d != View3dMode::Volume) {
                surfaces_.draw(state_.camera, g[0], g[1], g[2], g[3], colors_, rerender, state_.orbiting);
                rs.surfaceDepth = surfaces_.depthTexture();
            }
            if (state_.view3d != View3dMode::Surfaces)
                rays_->draw(*volumeTex_, state_.camera, g[0], g[1], g[2], g[3], rs, state_.crosshair, rerender);
            last3d_ = sig;
            state_.view3dDirty = false;
        }
    }

    void saveGuiScreenshot() {
        screenshotRequested_ = false;
        int fw = 0, fh = 0;
        glfwGetFramebufferSize(window_, &fw, &fh);
        char name[64];
        const std::time_t now = std::time(nullptr);
        std::strftime(name, sizeof name, "marrow-%Y%m%d-%H%M%S.png", std::localtime(&now));
        try {
            glReadBuffer(GL_BACK);
            render::writePng(name, fw, fh, render::readPixelsTopDown(0, 0, fw, fh));
            state_.message = std::string("saved ") + name;
        } catch (const std::exception& e) {
            state_.message = e.what();
        }
    }

    // [SECTION] --test-mode: state lines for the tests
    // How each view maps patient mm to pixels, so a test can find where anatomy must appear:
    // VIEWMAP name x y w h centerA centerB pixelsPerMm (MPR), VIEW3D x y w h m0..m15
    // (the 3D view's view-projection matrix, column-major).
    void printViewMaps() const {
        std::printf("CROSSHAIR %.3f %.3f %.3f\n", state_.crosshair.x, state_.crosshair.y, state_.crosshair.z);
        // SEGMENT id r g b name: the overlay colours, so a test can find each label by hue.
        if (state_.doc)
            for (const Segment& seg : state_.doc->labels().segments())
                std::printf("SEGMENT %d %d %d %d %s\n", int(seg.id), seg.color.r, seg.color.g, seg.color.b,
                            seg.name.c_str());
        for (int v = 0; v < 3; ++v) {
            const Rect& r = state_.viewRects[v];
            const auto& vp = state_.slices[v];
            if (r.w > 0)
                std::printf("VIEWMAP %s %.0f %.0f %.0f %.0f %.6f %.6f %.6f\n", render::viewName(render::ViewAxis(v)),
                            r.x, r.y, r.w, r.h, vp.centerA, vp.centerB, vp.pixelsPerMm);
        }
        if (state_.view3d != View3dMode::Volume)
            std::printf("SURFACES %s %zu %zu %.1f\n", view3dModeName(state_.view3d), surfaces_.triangleCount(),
                        surfaces_.lastRemeshedBlocks(), surfaces_.lastRemeshMs());
        const std::string view3d = view3dLine();
        if (!view3d.empty()) std::printf("%s\n", view3d.c_str());
        std::fflush(stdout);
    }
    std::string view3dLine() const {
        const Rect& r = state_.viewRects[3];
        if (r.w <= 0) return "";
        const glm::mat4 m = state_.camera.viewProjection(r.w / std::max(r.h, 1.0f));
        char buf[64];
        std::snprintf(buf, sizeof buf, "VIEW3D %.0f %.0f %.0f %.0f", r.x, r.y, r.w, r.h);
        std::string line = buf;
        for (int c = 0; c < 4; ++c)
            for (int row = 0; row < 4; ++row) {
                std::snprintf(buf, sizeof buf, " %.9g", m[c][row]);
                line += buf;
            }
        return line;
    }

    void reportTestState() {
        if (!options_.testMode) return;
        const auto& s = state_;
        if (s.viewRects.size() && (!printedReady_ || layoutPrinted_ != s.layout)) {
            for (int v = 0; v < 4; ++v) {
                const Rect& r = s.viewRects[v];
                if (r.w > 0)
                    std::printf("VIEW %s %.0f %.0f %.0f %.0f\n", v < 3 ? render::viewName(render::ViewAxis(v)) : "3d",
                                r.x, r.y, r.w, r.h);
            }
            std::printf("LAYOUT %s\n", layoutName(s.layout));
            printViewMaps();  // mm <-> pixels of each view, for tests that click on anatomy
            layoutPrinted_ = s.layout;
        }
        if (!printedReady_ || !(s.crosshair == lastCrosshair_)) {
            std::printf("CROSSHAIR %.3f %.3f %.3f\n", s.crosshair.x, s.crosshair.y, s.crosshair.z);
            lastCrosshair_ = s.crosshair;
        }
        if (!printedReady_ || s.wl.window != lastWl_.window || s.wl.level != lastWl_.level) {
            std::printf("WL %.1f %.1f\n", s.wl.window, s.wl.level);
            lastWl_ = s.wl;
        }
        // The volume's defaults (ui/modality_defaults.h): 3D preset, window preset ("-": a
        // percentile window) and what a value is called.
        std::string presets = "PRESET " + s.volumePreset + " " + (s.windowPreset.empty() ? "-" : s.windowPreset) +
                              " " + s.valueUnit;
        if (presets != lastPresets_) std::printf("%s\n", presets.c_str());
        lastPresets_ = std::move(presets);
        if (s.doc && !s.busy() && (!printedReady_ || s.doc->labels().version() != lastLabelsVersion_)) {
            // LABELS id:count ... (voxels per segment): the edit tests compare these exactly.
            std::printf("LABELS");
            for (const Segment& seg : s.doc->labels().segments())
                std::printf(" %d:%zu", int(seg.id), s.doc->labels().countLabel(seg.id));
            std::printf("\n");
            lastLabelsVersion_ = s.doc->labels().version();
            printLabelHash();
        }
        printJournalAndPrompts();
        if (!printedReady_ || s.edit.tool != lastTool_) {
            std::printf("TOOL %s\n", toolName(s.edit.tool));
            lastTool_ = s.edit.tool;
        }
        if (!printedReady_ || s.edit.radiusMm != lastBrushMm_) {  // BRUSH radius (mm)
            std::printf("BRUSH %.3f\n", s.edit.radiusMm);
            lastBrushMm_ = s.edit.radiusMm;
        }
        if (!printedReady_) printViewMaps();  // SEGMENT colours, VIEWMAP mm <-> pixels (views fitted by now)
        if (s.doc && (!printedReady_ || volumeSwaps_ != lastVolumeSwaps_)) {  // SOURCE path i j k
            const auto& d = s.volume().geometry().dims();
            std::printf("SOURCE %s %d %d %d\n", s.source.c_str(), d[0], d[1], d[2]);
            const auto& meta = s.volume().meta;
            if (meta.count("series_uid"))  // the open series, as the Data panel names it
                std::printf("SERIES %s %s\n", meta.count("series_number") ? meta.at("series_number").c_str() : "",
                            meta.count("description") ? meta.at("description").c_str() : "");
            for (const std::string& w : s.volume().loadWarnings()) std::printf("WARNING %s\n", w.c_str());  // as the Data panel lists them
            lastVolumeSwaps_ = volumeSwaps_;
        }
        if (s.view3d != View3dMode::Volume && surfaces_.triangleCount() != lastSurfaceTriangles_) {
            // SURFACES mode triangles blocks ms: the last (re-)mesh, for the surface tests.
            lastSurfaceTriangles_ = surfaces_.triangleCount();
            std::printf("SURFACES %s %zu %zu %.1f\n", view3dModeName(s.view3d), lastSurfaceTriangles_,
                        surfaces_.lastRemeshedBlocks(), surfaces_.lastRemeshMs());
        }
        if (s.view3d != View3dMode::Volume && surfaces_.lastDrawnTriangles() != lastDrawnTriangles_) {
            // SURFACEDRAW triangles: what the 3D view drew (fewer, coarse, while orbiting).
            lastDrawnTriangles_ = surfaces_.lastDrawnTriangles();
            std::printf("SURFACEDRAW %zu\n", lastDrawnTriangles_);
        }
        for (const auto& line : takeProbeLines()) std::printf("%s\n", line.c_str());
        if (std::string view3d = view3dLine(); printedReady_ && view3d != lastView3d_) {  // the camera moved (orbit)
            if (!view3d.empty() && !lastView3d_.empty()) std::printf("%s\n", view3d.c_str());
            lastView3d_ = std::move(view3d);
        }
        if (std::string mode = "VIEWMODE3D " + leftDragMode(s, 3); mode != lastViewMode3d_) {  // what a drag does in 3D
            std::printf("%s\n", mode.c_str());
            lastViewMode3d_ = std::move(mode);
        }
        if (std::string outline = outlineStateLine(s); outline != lastOutline_) {  // the outline being drawn
            std::printf("%s\n", outline.c_str());
            lastOutline_ = std::move(outline);
        }
        // DIFFERENCE added removed: the "changes vs loaded labels" overlay's counts, while shown.
        if (const auto& d = s.segmentsUi.difference; d.enabled && d.shown) {
            std::string line = "DIFFERENCE " + std::to_string(d.added) + " " + std::to_string(d.removed);
            if (line != lastDifference_) std::printf("%s\n", line.c_str());
            lastDifference_ = std::move(line);
        }
        // PROGRESS <job> <fraction>: the running job's bar, as it moves (the export tests watch it).
        if (const double f = s.busy() ? s.job.fraction() : -1; f != lastJobFraction_) {
            if (f >= 0) std::printf("PROGRESS %s %.3f\n", s.job.name().c_str(), f);
            lastJobFraction_ = f;
        }
        if (s.edit.exportReport != lastExportReport_) {  // EXPORT line: what the panel shows
            for (const auto& line : s.edit.exportReport) std::printf("EXPORT %s\n", line.c_str());
            lastExportReport_ = s.edit.exportReport;
        }
        if (!printedReady_) std::printf("READY\n");
        printedReady_ = true;
        std::fflush(stdout);
    }

    // LABELHASH: a hash of every label voxel and of the segment table (names, colours,
    // visibility, locks), so a test can check a recovery restored the labels bit for bit.
    void printLabelHash() const {
        const LabelMap& map = state_.doc->labels();
        uint64_t h = imageContentHash(map.toVolume(ScalarType::UInt8));
        for (const Segment& seg : map.segments()) {
            const std::string row = std::to_string(seg.id) + "/" + seg.name + "/" + std::to_string(seg.color.r) + "," +
                                    std::to_string(seg.color.g) + "," + std::to_string(seg.color.b) + "/" +
                                    std::to_string(seg.visible) + std::to_string(seg.locked);
            h = (h ^ std::hash<std::string>{}(row)) * 0x100000001B3ull;
        }
        std::printf("LABELHASH %016llx\n", static_cast<unsigned long long>(h));
    }

    // JOURNAL written queued (records of the autosave on disk / handed to its writer);
    // PROMPT unsaved <open|labels|close> / PROMPT recovery <offer> / PROMPT none; MESSAGE.
    void printJournalAndPrompts() {
        const auto& s = state_;
        if (const RecoveryJournal* j = s.doc ? s.doc->journal() : nullptr) {
            const std::pair<uint64_t, uint64_t> now{j->recordsWritten(), j->recordsQueued()};
            if (now != lastJournal_) std::printf("JOURNAL %llu %llu\n", (unsigned long long)now.first,
                                                 (unsigned long long)now.second);
            lastJournal_ = now;
        }
        static constexpr const char* kKinds[] = {"open", "labels", "close"};
        std::string prompt = "PROMPT none";
        if (s.unsavedPrompt) prompt = std::string("PROMPT unsaved ") + kKinds[int(s.unsavedPrompt->kind)];
        else if (!s.recoveryOffers.empty()) prompt = "PROMPT recovery " + recoveryOfferText(s.recoveryOffers.front());
        if (prompt != lastPrompt_) std::printf("%s\n", prompt.c_str());
        lastPrompt_ = std::move(prompt);
        if (s.message != lastMessage_) std::printf("MESSAGE %s\n", s.message.substr(0, s.message.find('\n')).c_str());
        lastMessage_ = s.message;
        // The message area in full (newlines as " | ") and how many lines the panel wrapped it into.
        if (s.messages.posted() != lastPosted_ || s.messageWrappedLines != lastWrappedLines_) {
            std::string full = s.message;
            for (size_t at; (at = full.find('\n')) != std::string::npos;) full.replace(at, 1, " | ");
            std::printf("MESSAGES %zu lines %d: %s\n", s.messages.entries().size(), s.messageWrappedLines, full.c_str());
            lastPosted_ = s.messages.posted();
            lastWrappedLines_ = s.messageWrappedLines;
        }
    }

    double lastJobFraction_ = -1;
    std::optional<std::chrono::steady_clock::time_point> lastFrameAt_;
    int jobFrames_ = 0;
    double jobFrameMaxMs_ = 0, jobFrameSumMs_ = 0;
    std::string lastDifference_;
    ViewerOptions options_;
    GLFWwindow* window_ = nullptr;
    ViewerState state_;
    RecentFiles recent_;
    FileBrowser browser_;
    std::unique_ptr<render::SliceRenderer> slices_;
    std::unique_ptr<render::RayCaster> rays_;
    std::unique_ptr<render::VolumeTexture> volumeTex_;
    std::unique_ptr<render::LabelTexture> labelTex_;
    std::unique_ptr<render::LabelTexture> maskTex_;  // ViewerState::maskOverlay
    SurfaceView surfaces_;  // segment surfaces in the 3D view (ViewerState::view3d)
    size_t lastSurfaceTriangles_ = 0;
    size_t lastDrawnTriangles_ = 0;
    struct HeldRelease {
        int key, scancode, mods;
    };
    std::vector<int> pressedThisBatch_;       // keys pressed since the last poll
    std::vector<HeldRelease> heldReleases_;   // their releases, for ImGui after this frame
    int syncFrames_ = 0, syncCount_ = 0;      // --test-mode F12 (reportSync)
    std::vector<std::string> lastExportReport_;
    std::string lastOutline_ = "OUTLINE none";
    std::string lastViewMode3d_, lastView3d_;
    render::LabelColors colors_{};
    uint64_t lastLabelsVersion_ = 0;
    Tool lastTool_ = Tool::Navigate;
    float lastBrushMm_ = 0;
    std::string pendingOpen_;
    std::string pendingLabels_;    // a label map to load onto the image (drop, Load labels...)
    bool openApproved_ = false, labelsApproved_ = false;  // the unsaved-edits prompt said go
    std::pair<uint64_t, uint64_t> lastJournal_{~uint64_t(0), 0};
    bool autosaveFailureShown_ = false;  // the current journal's failure was reported
    std::string lastPrompt_, lastMessage_;
    size_t lastPosted_ = ~size_t(0);
    int lastWrappedLines_ = -1;
    VolumeLoader loader_;                         // opens files on a worker
    std::optional<VolumeLoader::Result> loaded_;  // loaded, waiting for the edit job to end
    LatencyTrace::Clock::time_point loadStart_;   // the running load's start (latency trace)
    int volumeSwaps_ = 0, lastVolumeSwaps_ = 0;
    std::vector<KeyPress> keys_;  // since the last frame
    std::vector<ClickPress> clicks_;  // left presses since the last frame
    DoubleClickDetector doubleClicks_;
    bool screenshotRequested_ = false;
    std::array<double, 10> last3d_{};
    bool printedReady_ = false;
    Layout layoutPrinted_ = Layout::Quad;
    Vec3 lastCrosshair_;
    render::WindowLevel lastWl_;
    std::string lastPresets_;
    // The chooser's rows and their thumbnails as GL textures (deleted with it).
    struct SeriesChoice {
        std::string path;
        std::vector<DicomSeriesInfo> series;
        std::vector<GLuint> textures;  // 0: no thumbnail
        std::vector<ImVec2> sizes;
        SeriesChoice() = default;
        SeriesChoice(const SeriesChoice&) = delete;
        SeriesChoice& operator=(const SeriesChoice&) = delete;
        ~SeriesChoice() {
            for (GLuint t : textures)
                if (t) glDeleteTextures(1, &t);
        }
        void setThumbnails(const std::vector<VolumeLoader::Result::Thumbnail>& thumbs) {
            for (const auto& t : thumbs) {
                GLuint tex = 0;
                if (t.width > 0) {
                    std::vector<uint8_t> rgba(t.grey.size() * 4, 255);
                    for (size_t n = 0; n < t.grey.size(); ++n) rgba[4 * n] = rgba[4 * n + 1] = rgba[4 * n + 2] = t.grey[n];
                    glGenTextures(1, &tex);
                    glBindTexture(GL_TEXTURE_2D, tex);
                    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
                    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
                    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
                    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, t.width, t.height, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba.data());
                }
                textures.push_back(tex);
                sizes.push_back({float(t.width), float(t.height)});
            }
        }
    };
    std::optional<SeriesChoice> seriesChoice_;  // a folder of several series, waiting for a pick
};

}  // namespace

static Volume loadMain(const ViewerOptions& o) { return loadVolume(o.path == "phantom" ? std::string() : o.path); }

// The document for the viewer: the image and, with --seg, the label map on its grid.
static std::unique_ptr<Document> loadDocument(const ViewerOptions& o) {
    auto doc = std::make_unique<Document>();
    doc->setImage(loadMain(o), o.path.empty() ? "phantom" : o.path);
    if (!o.labels.empty())
        for (const auto& note : doc->loadLabels(o.labels)) std::printf("note: %s\n", note.c_str());
    return doc;
}

int runViewer(const ViewerOptions& options) {
    auto doc = loadDocument(options);
    GlfwSession glfw;
    Viewer viewer(options, true, std::move(doc));
    return viewer.run();
}

void renderScreenshot(const ViewerOptions& options) {
    if (options.width < 1 || options.height < 1 || options.width > 16384 || options.height > 16384)
        throw Error(options.screenshot, "screenshot size must be 1..16384 pixels a side");
    auto doc = loadDocument(options);
    GlfwSession glfw;
    Viewer viewer(options, false, std::move(doc));
    viewer.screenshot(options.screenshot, options.width, options.height);
}

}  // namespace marrow::ui

namespace marrow::ui {

void exportStlHeadless(const ViewerOptions& options) {
    if (options.labels.empty()) throw Error("--export-stl", "needs a label map (--seg PATH)");
    const auto doc = loadDocument(options);
    for (const auto& line : exportSegmentsStl(*doc, options.exportStl, sourceStem(doc->imageSource())))
        std::printf("stl: %s\n", line.c_str());
}

}  // namespace marrow::ui
