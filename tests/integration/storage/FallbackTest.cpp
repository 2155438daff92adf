// When no secret store can be used, chooseTokenStore() falls back to memory with a notice for the
// user — never a crash, never a file. Each case runs this binary as a child process in the
// environment under test (libsecret and GDBus keep one connection per process, so a process that
// already reached the keyring cannot lose it): no D-Bus socket, no D-Bus at all, a locked keyring
// the user declines to unlock, a session without any keyring. The real keyring case is the control.
#include "KeyringTestSupport.h"

#include <Poco/File.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>

using namespace deskauth::test;

namespace {

struct ChildChoice {
    std::map<std::string, std::string> fields;  // the child's key=value lines
    std::string err;
    int exitCode = -1;

    std::string operator[](const std::string& key) const {
        auto it = fields.find(key);
        return it == fields.end() ? "(missing)" : it->second;
    }
};

// Runs `--child choose <backend> [extra]` behind `prefix` (env settings, dbus-run-session, ...).
// DISPLAY and WAYLAND_DISPLAY are removed so that no prompt can appear on a developer's desktop.
// Under AddressSanitizer the child unwinds allocations slowly, so that LeakSanitizer sees libsecret's
// frame behind GLib and the suppression in KeyringTestMain.cpp matches (ignored by other builds).
ChildChoice choose(const std::vector<std::string>& prefix, const std::string& backend, const std::string& extra = {}) {
    const char* inherited = std::getenv("ASAN_OPTIONS");
    std::vector<std::string> argv = {"env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY"};
    argv.insert(argv.end(), prefix.begin(), prefix.end());
    argv.insert(argv.end(), {"env", std::string("ASAN_OPTIONS=") + (inherited ? inherited + std::string(":") : "") +
                                        "fast_unwind_on_malloc=0"});
    std::vector<std::string> childArgs = {"choose", backend};
    if (!extra.empty()) childArgs.push_back(extra);
    for (const auto& a : childCommand(childArgs)) argv.push_back(a);
    const ProcessResult result = runProcess(argv);
    ChildChoice choice{{}, result.err, result.exitCode};
    std::istringstream lines(result.out);
    for (std::string line; std::getline(lines, line);) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) choice.fields[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return choice;
}

void expectMemoryFallbackWithNotice(const ChildChoice& choice, const std::string& reasonPart) {
    ASSERT_EQ(choice.exitCode, 0) << choice.err;
    EXPECT_EQ(choice["store"], "memory");
    EXPECT_EQ(choice["persistent"], "0");
    EXPECT_EQ(choice["works"], "1") << "the session still works until the app quits";
    EXPECT_NE(choice["notice.message"].find("You will have to sign in again"), std::string::npos)
        << choice["notice.message"];
    EXPECT_EQ(choice["notice.id"].rfind("DA-", 0), 0u) << "an error ID the user can quote";
    EXPECT_NE(choice["notice.details"].find(reasonPart), std::string::npos) << choice["notice.details"];
    EXPECT_NE(choice.err.find("keeping tokens in memory only (error " + choice["notice.id"] + ")"), std::string::npos)
        << "one log line with the same ID:\n"
        << choice.err;
}

}  // namespace

TEST(SecretStoreFallback, TheRealKeyringIsChosenWithoutANotice) {
    const ChildChoice choice = choose({}, "auto");
    ASSERT_EQ(choice.exitCode, 0) << choice.err;
    EXPECT_EQ(choice["store"], "secret-service");
    EXPECT_EQ(choice["persistent"], "1");
    EXPECT_EQ(choice["notice.id"], "(missing)");
    EXPECT_EQ(choice["works"], "1");
    std::printf("[ metrics  ] probe + choice of the Secret Service: %s ms\n", choice["ms"].c_str());
}

TEST(SecretStoreFallback, NoSessionBusSocketFallsBackToMemoryQuickly) {
    const ChildChoice choice = choose({"DBUS_SESSION_BUS_ADDRESS=unix:path=/nonexistent/deskauth-bus"}, "auto");
    expectMemoryFallbackWithNotice(choice, "secret-service unavailable: no Secret Service");
    EXPECT_LT(std::stol(choice["ms"]), 1000) << "no waiting for a bus that is not there";
    std::printf("[ metrics  ] fallback without a D-Bus socket: %s ms\n", choice["ms"].c_str());
}

TEST(SecretStoreFallback, NoDBusAtAllFallsBackToMemory) {
    // Headless over SSH: no bus address, no X display to autolaunch one, no bus in XDG_RUNTIME_DIR.
    const std::string emptyRuntime = keyringRoot() + "/empty-runtime";
    Poco::File(emptyRuntime).createDirectories();
    const ChildChoice choice = choose({"-u", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR=" + emptyRuntime},
                                      "secret-service");
    // told before libsecret is called, which would try to autolaunch a bus (issue 21, item 3)
    expectMemoryFallbackWithNotice(choice, "no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set");
    EXPECT_LT(std::stol(choice["ms"]), 1000) << "nothing to wait for";
}

TEST(SecretStoreFallback, ALockedKeyringTheUserDeclinesToUnlockFallsBackToMemory) {
    // A private keyring that the child locks before choosing. Unlocking needs the user at a prompt;
    // without a display the prompter cannot appear, which the service reports as a dismissed prompt.
    const ChildChoice choice = choose({withKeyringScript()}, "auto", "lock");
    EXPECT_EQ(choice["locked"], "1") << choice.err;
    expectMemoryFallbackWithNotice(choice, "the keyring is locked and was not unlocked");
}

TEST(SecretStoreFallback, ASessionWithoutAnyKeyringFallsBackToMemory) {
    // A D-Bus session where the Secret Service is only D-Bus-activated and has no default keyring:
    // creating one needs the user to choose a password at a prompt, which cannot appear here.
    const std::string home = keyringRoot() + "/no-keyring-home";
    std::filesystem::create_directories(home + "/run");
    std::filesystem::permissions(home + "/run", std::filesystem::perms::owner_all);
    const ChildChoice choice = choose({"HOME=" + home, "XDG_DATA_HOME=" + home + "/data", "XDG_RUNTIME_DIR=" + home + "/run",
                                       "dbus-run-session", "--"},
                                      "auto");
    expectMemoryFallbackWithNotice(choice, "there is no default keyring and it could not be created");
}
