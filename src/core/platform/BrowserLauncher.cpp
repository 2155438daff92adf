#include "platform/BrowserLauncher.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/StringTokenizer.h>

#include <thread>

#if defined(_WIN32)
#include "platform/WideString.h"
// clang-format off
#include <windows.h>
#include <objbase.h>
#include <shellapi.h>
// clang-format on
#endif

namespace deskauth {

namespace {

const char* const kNotOpened = "The system browser could not be opened. Copy the sign-in address into a browser instead.";

#if defined(_WIN32)
// Windows: the default browser is whatever the shell opens https: links with (the user's choice
// under Settings > Default apps). ShellExecuteExW finds it through the URL association; a command
// such as rundll32 would need a PATH/PATHEXT lookup that POCO does not do, and is not the
// documented way. SEE_MASK_NOASYNC: the call returns only once the browser has been started, as
// Microsoft asks of callers whose thread may end right after (ours is a worker thread);
// SEE_MASK_FLAG_NO_UI: a failure becomes our "copy the address" view, not a shell dialog.
void openWithShell(const std::string& url) {
    // The shell may use COM objects for the association (Microsoft's ShellExecute documentation).
    const HRESULT com = CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE);
    const std::wstring file = widen(url);
    SHELLEXECUTEINFOW info{};
    info.cbSize = sizeof info;
    info.fMask = SEE_MASK_NOASYNC | SEE_MASK_FLAG_NO_UI;
    info.lpVerb = L"open";
    info.lpFile = file.c_str();
    info.nShow = SW_SHOWNORMAL;
    const BOOL opened = ShellExecuteExW(&info);
    const DWORD error = opened ? 0 : GetLastError();
    if (SUCCEEDED(com)) CoUninitialize();
    if (!opened) throw NetworkError(kNotOpened, "ShellExecuteExW(open) failed with Windows error " + std::to_string(error));
    log::get("browser").information("opened the system browser through the Windows shell");
}
#endif

}  // namespace

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
        return {};  // the Windows shell opens it (openWithShell)
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
#if defined(_WIN32)
    if (argv.empty()) return openWithShell(url);
#endif
    const std::string program = argv.front();
    std::vector<std::string> args(argv.begin() + 1, argv.end());
    const std::string failed = kNotOpened;
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
