#pragma once
// Every failure of the CLI is one line "marrow: error: <file>: <problem>" and exit 1,
// whatever threw it: marrow::Error (already "<file>: <problem>"), std::bad_alloc and
// other std exceptions from libraries (which know no file name), CLI11 option errors.
//
// The file for exceptions that do not name one comes from FileInUse: a command marks
// the file it is reading or writing; when an exception leaves that scope, the innermost
// such file is remembered for errorLine().
#include <exception>
#include <string>

namespace CLI { class App; class ParseError; }

namespace marrow::cli {

class FileInUse {
public:
    explicit FileInUse(std::string path);
    ~FileInUse();
    FileInUse(const FileInUse&) = delete;
    FileInUse& operator=(const FileInUse&) = delete;

private:
    int uncaught_;
};

// The one line (without "marrow: error: " and the newline) for the exception in flight
// or stored in e: newlines folded, the file in use prefixed where the text lacks it.
std::string errorLine(const std::exception_ptr& e);

// For a CLI11 parse error: "<command>: <CLI11 message> (see marrow <command> --help)".
std::string optionErrorLine(const CLI::App& app, const CLI::ParseError& e);

}  // namespace marrow::cli
