#include "src/cli/error_line.h"

#include <new>
#include <vector>

#include <CLI/CLI.hpp>

#include "io/error.h"

namespace marrow::cli {
namespace {
thread_local std::vector<std::string> filesInUse;
thread_local std::string failedFile;  // innermost FileInUse left by an exception

std::string oneLine(std::string text) {
    for (size_t i = 0; (i = text.find_first_of("\r\n", i)) != std::string::npos;) {
        const size_t end = text.find_first_not_of("\r\n", i);
        text.replace(i, (end == std::string::npos ? text.size() : end) - i, end == std::string::npos ? "" : "; ");
    }
    return text.empty() ? "unknown error" : text;
}

std::string withFile(const std::string& problem) {
    if (failedFile.empty() || problem.rfind(failedFile + ":", 0) == 0) return problem;
    return failedFile + ": " + problem;
}
}  // namespace

FileInUse::FileInUse(std::string path) : uncaught_(std::uncaught_exceptions()) {
    filesInUse.push_back(std::move(path));
    failedFile.clear();
}

FileInUse::~FileInUse() {
    if (std::uncaught_exceptions() > uncaught_ && failedFile.empty()) failedFile = filesInUse.back();
    filesInUse.pop_back();
}

std::string errorLine(const std::exception_ptr& e) {
    try {
        std::rethrow_exception(e);
    } catch (const Error& x) {
        return oneLine(x.what());  // names its file already
    } catch (const std::bad_alloc&) {
        return withFile("out of memory (the data needs more memory than this machine can give)");
    } catch (const std::exception& x) {
        return withFile(oneLine(x.what()));
    } catch (...) {
        return withFile("unknown error");
    }
}

std::string optionErrorLine(const CLI::App& app, const CLI::ParseError& e) {
    std::string command = "marrow";
    for (const CLI::App* sub = &app;;) {
        const auto parsed = sub->get_subcommands();
        if (parsed.empty()) break;
        sub = parsed.back();
        command += " " + sub->get_name();
    }
    const std::string where = command == "marrow" ? "" : command.substr(7) + ": ";
    return where + oneLine(e.what()) + " (see " + command + " --help)";
}

}  // namespace marrow::cli
