#pragma once
// One error type for everything that reads or writes user files. The message is the
// one line the user sees: "<file>: <problem>". The CLI prints it and exits non-zero;
// the GUI shows it in a message box. Nothing in the engine calls exit() or aborts.
#include <stdexcept>
#include <string>

namespace marrow {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(const std::string& file, const std::string& problem)
        : std::runtime_error(file.empty() ? problem : file + ": " + problem) {}
};

}  // namespace marrow
