#pragma once
// Plays the user's system browser for logins: each authorization URL the app opens is handed to
// TestBrowser on its own thread (as the OS starts a browser), which signs in and answers the
// consent form. Shared by the login tests and bench/refresh-coalescing.
#include "session/Authenticator.h"
#include "platform/BrowserLauncher.h"
#include "support/TestBrowser.h"

#include <chrono>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace deskauth::test {

class ScriptedBrowser final : public BrowserLauncher {
public:
    std::string user = "alice";
    std::string password = "Alice-Pass-1";
    std::string decision = "approve";
    bool drive = true;  // false: record the URL only (the user never finishes in the browser)
    // How the user signs in from an authorization URL; empty: TestBrowser against tools/authserver
    // (a provider of support/TestProvider sets its own).
    std::function<BrowserResult(const std::string& url)> signInWith;
    std::vector<std::string> urls;
    std::vector<BrowserResult> results;

    ~ScriptedBrowser() override { join(); }
    void open(const std::string& url) override;
    void join();

private:
    std::mutex mutex_;
    std::vector<std::thread> threads_;
};

// Runs one login of `auth` to its end, the browser playing the user; the login's result (nullptr
// on success), or nullopt when it did not end within `timeout`.
std::optional<std::exception_ptr> runLogin(Authenticator& auth, ScriptedBrowser& browser,
                                           std::chrono::seconds timeout = std::chrono::seconds(30));

}  // namespace deskauth::test
