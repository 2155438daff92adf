// The system browser launcher tells a failing browser command apart from a working one, so the
// sign-in view can offer the address for copying when no browser opened.
#include "errors/Errors.h"
#include "platform/BrowserLauncher.h"

#include <gtest/gtest.h>

using namespace deskauth;
using namespace std::chrono_literals;

TEST(SystemBrowserLauncher, CommandThatExitsWithFailureDidNotOpen) {
    SystemBrowserLauncher browser("/bin/false %u", 2000ms);
    EXPECT_THROW(browser.open("https://127.0.0.1/authorize"), NetworkError);
}

TEST(SystemBrowserLauncher, MissingCommandDidNotOpen) {
    SystemBrowserLauncher browser("deskauth-no-such-browser-command", 2000ms);
    EXPECT_THROW(browser.open("https://127.0.0.1/authorize"), NetworkError);
}

TEST(SystemBrowserLauncher, CommandThatHandsTheUrlOnAndExitsCleanlyOpened) {
    SystemBrowserLauncher browser("/bin/true", 2000ms);
    EXPECT_NO_THROW(browser.open("https://127.0.0.1/authorize"));
}

TEST(SystemBrowserLauncher, CommandStillRunningAfterTheGracePeriodOpened) {
    // a browser started directly keeps running: open() returns after the grace period
    SystemBrowserLauncher browser("/bin/sleep 3 %u", 200ms);
    EXPECT_NO_THROW(browser.open("0"));
}

TEST(SystemBrowserLauncher, UrlIsOneArgumentInPlaceOfPercentU) {
    SystemBrowserLauncher browser("chromium --new-window %u --incognito");
    const std::vector<std::string> expected = {"chromium", "--new-window", "https://x/?a=1&b=2 c", "--incognito"};
    EXPECT_EQ(browser.commandLine("https://x/?a=1&b=2 c"), expected);
}
