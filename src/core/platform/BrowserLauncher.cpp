#include "platform/BrowserLauncher.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>

#include <thread>

namespace deskauth {

SystemBrowserLauncher::SystemBrowserLauncher(std::string command, std::chrono::milliseconds failureGrace)
    : command_(std::move(command)), failureGrace_(failureGrace) {}

SystemBrowserLauncher::~SystemBrowserLauncher() {
    std::lock_guard lock(mutex_);
    // Browsers outlive us; helpers such as xdg-open have long exited. Reap what has finished.
    for (auto& child : children_) child.tryWait();
}

std::vector<std::string> SystemBrowserLauncher::commandLine(const std::string& url) const {
    std::string command = command_;
    if (command.empty()) command = Poco::Environment::get("BROWSER", "");
    if (command.empty()) {
#if defined(_WIN32)
        command = "rundll32 url.dll,FileProtocolHandler";
#elif defined(__APPLE__)
        command = "open";
#else
        command = "xdg-open";
#endif
    }
    std::vector<std::string> argv;
    bool placed = false;
    Poco::StringTokenizer words(command, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY | Poco::StringTokenizer::TOK_TRIM);
    for (const auto& word : words) {
        if (word == "%u" || word == "%s") {
            argv.push_back(url);
            placed = true;
        } else {
            argv.push_back(word);
        }
    }
    if (!placed) argv.push_back(url);
    return argv;
}

void SystemBrowserLauncher::reapFinished() {
    std::erase_if(children_, [](const Poco::ProcessHandle& child) { return child.tryWait() != -1; });
}

void SystemBrowserLauncher::open(const std::string& url) {
    auto argv = commandLine(url);
    const std::string program = argv.front();
    std::vector<std::string> args(argv.begin() + 1, argv.end());
    const std::string failed = "The system browser could not be opened. Copy the sign-in address into a browser instead.";
    Poco::Path resolved;
    if (!Poco::Path::find(Poco::Environment::get("PATH", ""), program, resolved) && !Poco::File(program).exists()) {
        throw NetworkError(failed, "browser command '" + program + "' not found");
    }
    Poco::ProcessHandle child = [&] {
        try {
            return Poco::Process::launch(program, args);
        } catch (const Poco::Exception& e) {
            throw NetworkError(failed, program + ": " + e.displayText());
        }
    }();
    // A command that starts but fails at once (BROWSER=/bin/false, xdg-open with no browser to
    // hand the URL to, an exec failure in the child) opened nothing: wait a moment for its status.
    const auto deadline = std::chrono::steady_clock::now() + failureGrace_;
    int status = child.tryWait();
    while (status == -1 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        status = child.tryWait();
    }
    if (status > 0) {
        throw NetworkError(failed, "browser command '" + program + "' exited with status " + std::to_string(status));
    }
    std::lock_guard lock(mutex_);
    reapFinished();
    if (status == -1) children_.push_back(child);  // still running: a browser of its own; reaped later
    log::get("browser").information("opened the system browser with %s", program);
}

}  // namespace deskauth
