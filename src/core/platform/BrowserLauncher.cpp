#include "platform/BrowserLauncher.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>

namespace deskauth {

SystemBrowserLauncher::SystemBrowserLauncher(std::string command) : command_(std::move(command)) {}

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
    Poco::Path resolved;
    if (!Poco::Path::find(Poco::Environment::get("PATH", ""), program, resolved) && !Poco::File(program).exists()) {
        throw NetworkError("The system browser could not be opened. Copy the sign-in address into a browser instead.",
                           "browser command '" + program + "' not found");
    }
    std::lock_guard lock(mutex_);
    reapFinished();
    try {
        children_.push_back(Poco::Process::launch(program, args));
        log::get("browser").information("opened the system browser with %s", program);
    } catch (const Poco::Exception& e) {
        throw NetworkError("The system browser could not be opened. Copy the sign-in address into a browser instead.",
                           program + ": " + e.displayText());
    }
}

}  // namespace deskauth
