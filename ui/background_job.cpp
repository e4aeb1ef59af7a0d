#include "ui/background_job.h"

#include <exception>

namespace marrow::ui {

BackgroundJob::~BackgroundJob() {
    if (thread_.joinable()) {
        cancel();
        thread_.join();
    }
}

bool BackgroundJob::start(const std::string& name, Work work) {
    if (running_.load()) return false;
    if (thread_.joinable()) thread_.join();  // an earlier job that ended uncollected
    {
        std::lock_guard lock(mutex_);
        name_ = name;
        stage_.clear();
        outcome_ = {};
        outcome_.name = name;
    }
    fraction_.store(0);
    cancel_.store(false);
    done_.store(false);
    running_.store(true);
    thread_ = std::thread([this, work = std::move(work)] {
        const ProgressFn progress = [this](double f, const std::string& stage) {
            fraction_.store(f);
            {
                std::lock_guard lock(mutex_);
                stage_ = stage;
            }
            return !cancel_.load();
        };
        Outcome out;
        try {
            out.message = work(progress);
            out.ok = true;
        } catch (const Cancelled&) {
            out.cancelled = true;
            out.message = "cancelled";
        } catch (const std::exception& e) {
            out.message = e.what();
        }
        {
            std::lock_guard lock(mutex_);
            out.name = name_;
            if (out.cancelled) out.message = name_ + ": cancelled";
            outcome_ = std::move(out);
        }
        done_.store(true);
    });
    return true;
}

std::string BackgroundJob::stage() const {
    std::lock_guard lock(mutex_);
    return stage_;
}

std::string BackgroundJob::name() const {
    std::lock_guard lock(mutex_);
    return name_;
}

std::optional<BackgroundJob::Outcome> BackgroundJob::finish() {
    if (!running_.load() || !done_.load()) return std::nullopt;
    thread_.join();
    running_.store(false);
    std::lock_guard lock(mutex_);
    return outcome_;
}

BackgroundJob::Outcome BackgroundJob::wait() {
    if (!running_.load()) return {};
    thread_.join();
    running_.store(false);
    std::lock_guard lock(mutex_);
    return outcome_;
}

}  // namespace marrow::ui
