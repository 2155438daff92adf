#pragma once
// Opens a URL in the user's system browser (RFC 8252 §4: the user's real browser, not an embedded
// view, so password managers, SSO and MFA work). The command can be overridden by config
// (browser.command) or the BROWSER variable; "%u" in it is replaced by the URL, else the URL is
// appended. The URL is passed as one argument, never through a shell.
#include <Poco/Process.h>

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
    explicit SystemBrowserLauncher(std::string command = {});
    ~SystemBrowserLauncher() override;
    void open(const std::string& url) override;

    // The argv that open() would run for `url` (for tests and the log).
    std::vector<std::string> commandLine(const std::string& url) const;

private:
    void reapFinished();

    std::string command_;
    std::mutex mutex_;
    std::vector<Poco::ProcessHandle> children_;
};

}  // namespace deskauth
