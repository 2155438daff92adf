// The system browser launcher tells a failing browser command apart from a working one, so the
// sign-in view can offer the address for copying when no browser opened.
#include "errors/Errors.h"
#include "platform/BrowserLauncher.h"

#include <gtest/gtest.h>

using namespace deskauth;
using namespace std::chrono_literals;

namespace {
// Commands that fail, succeed at once, or keep running, on this platform.
#if defined(_WIN32)
const char* const kFailing = "cmd.exe /c exit 3 %u";
const char* const kSucceeding = "cmd.exe /c rem";
const char* const kStillRunning = "cmd.exe /c ping -n 4 %u";
const char* const kStillRunningUrl = "127.0.0.1";
#else
const char* const kFailing = "/bin/false %u";
const char* const kSucceeding = "/bin/true";
const char* const kStillRunning = "/bin/sleep 3 %u";
const char* const kStillRunningUrl = "0";
#endif
}  // namespace

TEST(SystemBrowserLauncher, CommandThatExitsWithFailureDidNotOpen) {
    SystemBrowserLauncher browser(kFailing, 2000ms);
    EXPECT_THROW(browser.open("https://127.0.0.1/authorize"), NetworkError);
}

TEST(SystemBrowserLauncher, MissingCommandDidNotOpen) {
    SystemBrowserLauncher browser("deskauth-no-such-browser-command", 2000ms);
    EXPECT_THROW(browser.open("https://127.0.0.1/authorize"), NetworkError);
}

TEST(SystemBrowserLauncher, CommandThatHandsTheUrlOnAndExitsCleanlyOpened) {
    SystemBrowserLauncher browser(kSucceeding, 2000ms);
    EXPECT_NO_THROW(browser.open("https://127.0.0.1/authorize"));
}

TEST(SystemBrowserLauncher, CommandStillRunningAfterTheGracePeriodOpened) {
    // a browser started directly keeps running: open() returns after the grace period
    SystemBrowserLauncher browser(kStillRunning, 200ms);
    EXPECT_NO_THROW(browser.open(kStillRunningUrl));
}

TEST(SystemBrowserLauncher, UrlIsOneArgumentInPlaceOfPercentU) {
    SystemBrowserLauncher browser("chromium --new-window %u --incognito");
    const std::vector<std::string> expected = {"chromium", "--new-window", "https://x/?a=1&b=2 c", "--incognito"};
    EXPECT_EQ(browser.commandLine("https://x/?a=1&b=2 c"), expected);
}
