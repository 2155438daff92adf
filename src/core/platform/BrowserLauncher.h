#pragma once
// Opens a URL in the user's system browser (RFC 8252 §4: the user's real browser, not an embedded
// view, so password managers, SSO and MFA work). The command can be overridden by config
// (browser.command) or the BROWSER variable; "%u" in it is replaced by the URL, else the URL is
// appended. The URL is passed as one argument, never through a shell. Without an override:
// xdg-open, macOS `open`, and on Windows the shell itself (ShellExecuteExW "open"), which starts
// the user's default browser for https: (there is no command on PATH that does this on Windows).
// A command that is missing, cannot be run, or exits with a failure status within a short grace
// period (BROWSER=/bin/false, xdg-open finding no browser) counts as "the browser did not open",
// so the sign-in view offers the address for copying instead.
// Threads: open() is thread-safe and blocks up to the failure grace period (1.5 s by default): call
// it off the UI thread.
#include <Poco/Process.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace deskauth {

class BrowserLauncher {
public:
    virtual ~BrowserLauncher() = default;
    // Throws NetworkError when the browser command cannot be started; the caller then shows the URL.
    virtual void open(const std::string& url) = 0;
};

class SystemBrowserLauncher final : public BrowserLauncher {
public:
    // `failureGrace`: how long open() waits for the command to fail before assuming it works
    // (a browser started directly keeps running; xdg-open exits 0 once it has handed the URL on).
    explicit SystemBrowserLauncher(std::string command = {},
                                   std::chrono::milliseconds failureGrace = std::chrono::milliseconds(1500));
    ~SystemBrowserLauncher() override;
    void open(const std::string& url) override;

    // The argv that open() would run for `url` (for tests and the log); empty on Windows when
    // open() hands the URL to the shell (no override).
    std::vector<std::string> commandLine(const std::string& url) const;

private:
    void reapFinished();

    std::string command_;
    std::chrono::milliseconds failureGrace_;
    std::mutex mutex_;
    std::vector<Poco::ProcessHandle> children_;
};

}  // namespace deskauth
