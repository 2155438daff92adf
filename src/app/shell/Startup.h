#pragma once
// What the app does before any window exists (so it works without a display and stays fast):
// --help, --version, --diagnose, --register-scheme, --unregister-scheme, and forwarding a redirect URL to the
// already running instance (private-URI mode). wx-free.
// Threads: main thread, before any window; --diagnose and forwarding block (network, socket), which
// is fine as no UI runs yet.
#include <optional>
#include <string>
#include <vector>

namespace deskauth::app {

struct CommandLine {
    std::string configPath;
    std::string logLevel;
    std::string automationStatus;
    std::string url;  // a positional argument: the redirect URL the OS passed
    bool help = false, version = false, diagnose = false, registerScheme = false, unregisterScheme = false;
    std::string error;  // an unknown option or a missing value
};

CommandLine parseCommandLine(const std::vector<std::string>& args);
extern const char* const usage;

// Returns the exit code when the process is done before the UI, or nullopt to start the UI.
std::optional<int> runBeforeUi(const CommandLine& commandLine, const std::string& executable);

// This process's executable as an absolute path (/proc/self/exe where there is one, else `argv0`
// made absolute), as the scheme registration records it.
std::string absoluteExecutable(const std::string& argv0);

}  // namespace deskauth::app
