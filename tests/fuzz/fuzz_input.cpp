#include "tests/fuzz/fuzz_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>

#include <tbb/global_control.h>

#include "io/platform_memory.h"

namespace marrow::fuzz {

namespace {

class InputFolder {
public:
    InputFolder()
        : serial_(tbb::global_control::max_allowed_parallelism, 1) {
        setEnvironmentDefault("MARROW_MEMORY_LIMIT_MB", "1024");
        setEnvironmentDefault("OPJ_NUM_THREADS", "1");
        std::error_code ec;
        const std::filesystem::path base =
            std::filesystem::is_directory("/dev/shm", ec) ? "/dev/shm" : std::filesystem::temp_directory_path();
        folder_ = base / ("marrow-fuzz-" + std::to_string(::getpid()));
        std::filesystem::create_directories(folder_);
    }
    ~InputFolder() {
        std::error_code ec;
        std::filesystem::remove_all(folder_, ec);
    }
    const std::string& write(const uint8_t* data, size_t size, const std::string& suffix) {
        auto [it, fresh] = paths_.try_emplace(suffix);
        if (fresh) it->second = (folder_ / ("input" + suffix)).string();
        const int fd = ::open(it->second.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (fd < 0) std::abort();  // the harness itself is broken, not the reader
        for (size_t done = 0; done < size;) {
            const ssize_t n = ::write(fd, data + done, size - done);
            if (n <= 0) std::abort();
            done += size_t(n);
        }
        ::close(fd);
        return it->second;
    }

private:
    tbb::global_control serial_;
    std::filesystem::path folder_;
    std::map<std::string, std::string> paths_;
};

}  // namespace

const std::string& writeInput(const uint8_t* data, size_t size, const std::string& suffix) {
    static InputFolder folder;
    return folder.write(data, size, suffix);
}

}  // namespace marrow::fuzz
