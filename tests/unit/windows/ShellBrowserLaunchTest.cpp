// Windows: without browser.command or BROWSER the sign-in address goes to the Windows shell
// (ShellExecuteExW "open"), which starts whatever handles the URL's scheme, as it starts the
// user's default browser for https:. The test registers a scheme of its own for this user
// (HKCU\Software\Classes, the same place a browser registers itself) whose handler is cmd.exe
// writing the URL it was given to a file, and waits for that file.
#include "errors/Errors.h"
#include "platform/BrowserLauncher.h"
#include "platform/WideString.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

// clang-format off
#include <windows.h>
// clang-format on

#include <chrono>
#include <fstream>
#include <sstream>
#include <thread>

using namespace deskauth;
using namespace std::chrono_literals;

namespace {

constexpr const wchar_t* kScheme = L"x-deskauth-launch-test";

// The scheme registered for this user while the object lives; its handler writes %1 to `output`.
class RegisteredScheme {
public:
    explicit RegisteredScheme(const std::string& output) {
        const std::wstring key = std::wstring(L"Software\\Classes\\") + kScheme;
        const std::wstring command = L"\"C:\\windows\\system32\\cmd.exe\" /c echo \"%1\"> \"" + widen(output) + L"\"";
        check(RegSetKeyValueW(HKEY_CURRENT_USER, key.c_str(), nullptr, REG_SZ, L"URL:DeskAuth launch test",
                              sizeof(L"URL:DeskAuth launch test")));
        check(RegSetKeyValueW(HKEY_CURRENT_USER, key.c_str(), L"URL Protocol", REG_SZ, L"", sizeof(L"")));
        check(RegSetKeyValueW(HKEY_CURRENT_USER, (key + L"\\shell\\open\\command").c_str(), nullptr, REG_SZ,
                              command.c_str(), static_cast<DWORD>((command.size() + 1) * sizeof(wchar_t))));
        // Windows shows HKCU\Software\Classes in HKEY_CLASSES_ROOT, where the shell looks. Wine 8
        // does not (its HKEY_CLASSES_ROOT is HKLM\Software\Classes alone): there the same keys
        // go to HKEY_CLASSES_ROOT itself, in the run's own prefix.
        HKEY visible = nullptr;
        if (RegOpenKeyExW(HKEY_CLASSES_ROOT, kScheme, 0, KEY_READ, &visible) == ERROR_SUCCESS) {
            RegCloseKey(visible);
        } else {
            machineWide_ = true;
            const std::wstring root = kScheme;
            check(RegSetKeyValueW(HKEY_CLASSES_ROOT, root.c_str(), L"URL Protocol", REG_SZ, L"", sizeof(L"")));
            check(RegSetKeyValueW(HKEY_CLASSES_ROOT, (root + L"\\shell\\open\\command").c_str(), nullptr, REG_SZ,
                                  command.c_str(), static_cast<DWORD>((command.size() + 1) * sizeof(wchar_t))));
        }
    }
    ~RegisteredScheme() {
        RegDeleteTreeW(HKEY_CURRENT_USER, (std::wstring(L"Software\\Classes\\") + kScheme).c_str());
        if (machineWide_) RegDeleteTreeW(HKEY_CLASSES_ROOT, kScheme);
    }
    RegisteredScheme(const RegisteredScheme&) = delete;
    RegisteredScheme& operator=(const RegisteredScheme&) = delete;

private:
    bool machineWide_ = false;
    static void check(LSTATUS status) {
        if (status != ERROR_SUCCESS) throw std::runtime_error("RegSetKeyValueW failed: " + std::to_string(status));
    }
};

// BROWSER unset for one test, restored afterwards.
class ShellBrowserLaunch : public ::testing::Test {
protected:
    void SetUp() override {
        hadBrowser_ = Poco::Environment::has("BROWSER");
        savedBrowser_ = Poco::Environment::get("BROWSER", "");
        Poco::Environment::set("BROWSER", "");
        folder_.createDirectories();
    }
    void TearDown() override { Poco::Environment::set("BROWSER", hadBrowser_ ? savedBrowser_ : ""); }

    std::string output() const { return Poco::Path(folder_.path(), "opened.txt").toString(); }

    // What the handler wrote, once it has written a line (the handler runs on its own).
    std::string waitForOutput(std::chrono::seconds limit) const {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            std::ifstream in(output());
            std::string line;
            if (in && std::getline(in, line)) {
                while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
                if (!line.empty()) return line;
            }
            std::this_thread::sleep_for(50ms);
        }
        return {};
    }

private:
    bool hadBrowser_ = false;
    std::string savedBrowser_;
    Poco::TemporaryFile folder_;
};

}  // namespace

TEST_F(ShellBrowserLaunch, WithoutAnOverrideTheShellOpensTheUrl) {
    SystemBrowserLauncher browser;
    EXPECT_TRUE(browser.commandLine("https://127.0.0.1/authorize").empty()) << "no command: the shell opens it";
}

TEST_F(ShellBrowserLaunch, TheShellStartsTheSchemesHandlerWithTheWholeUrl) {
    RegisteredScheme scheme(output());
    const std::string url = "x-deskauth-launch-test:/authorize?client_id=deskauth-desktop&state=abc";
    SystemBrowserLauncher browser;
    ASSERT_NO_THROW(browser.open(url));
    EXPECT_EQ(waitForOutput(60s), "\"" + url + "\"");
}

TEST_F(ShellBrowserLaunch, AUrlTheShellCannotOpenIsReportedAsNotOpened) {
    SystemBrowserLauncher browser;
    EXPECT_THROW(browser.open("x-deskauth-no-such-scheme:/authorize"), NetworkError);
}

TEST_F(ShellBrowserLaunch, BrowserOverridesTheShell) {
    Poco::Environment::set("BROWSER", "C:\\browsers\\firefox.exe --new-window %u");
    SystemBrowserLauncher browser;
    const std::vector<std::string> expected = {"C:\\browsers\\firefox.exe", "--new-window", "https://x/?a=1"};
    EXPECT_EQ(browser.commandLine("https://x/?a=1"), expected);
}
