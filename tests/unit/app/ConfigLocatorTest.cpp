#include "shell/ConfigLocator.h"
#include "shell/UserFolders.h"
#include "support/TestPaths.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

#include <fstream>
#include <tuple>
#include <vector>

using namespace deskauth::app;
namespace test = deskauth::test;

namespace {

// An installed tree (<root>/prefix/bin/deskauth, <root>/prefix/share/deskauth/desktop.json) and a
// user's config folder (XDG_CONFIG_HOME; Windows: APPDATA, PROGRAMDATA and LOCALAPPDATA), with
// DESKAUTH_CONFIG and those variables set for one test and restored.
class ConfigLocator : public ::testing::Test {
protected:
    void SetUp() override {
        for (const char* name : {"DESKAUTH_CONFIG", "XDG_CONFIG_HOME", "APPDATA", "PROGRAMDATA", "LOCALAPPDATA"}) {
            saved_.emplace_back(name, Poco::Environment::has(name), Poco::Environment::get(name, ""));
        }
        root_.createDirectories();
        Poco::Environment::set("DESKAUTH_CONFIG", "");
        Poco::Environment::set("XDG_CONFIG_HOME", userConfigHome());
#if defined(_WIN32)
        Poco::Environment::set("APPDATA", userConfigHome());
        Poco::Environment::set("PROGRAMDATA", root_.path() + "\\ProgramData");
        Poco::Environment::set("LOCALAPPDATA", root_.path() + "\\Local");
#endif
        touch(packagedConfig());
    }
    void TearDown() override {
        for (const auto& [name, had, value] : saved_) Poco::Environment::set(name, had ? value : "");
    }

    std::string executable() const { return root_.path() + "/prefix/bin/deskauth"; }
    std::string packagedConfig() const { return test::nativePath(root_.path() + "/prefix/share/deskauth/desktop.json"); }
    std::string userConfigHome() const { return root_.path() + "/home/.config"; }
#if defined(_WIN32)
    std::string userConfig() const { return userConfigHome() + "\\DeskAuth\\desktop.json"; }
    std::string machineConfig() const { return root_.path() + "\\ProgramData\\DeskAuth\\desktop.json"; }
#else
    std::string userConfig() const { return userConfigHome() + "/deskauth/desktop.json"; }
    std::string machineConfig() const { return "/etc/deskauth/desktop.json"; }
#endif
    std::string rootPath() const { return root_.path(); }

    static void touch(const std::string& path) {
        Poco::File(Poco::Path(path).parent()).createDirectories();
        std::ofstream(path) << "{}";
    }

private:
    Poco::TemporaryFile root_;
    std::vector<std::tuple<std::string, bool, std::string>> saved_;
};

}  // namespace

TEST_F(ConfigLocator, UsesThePackagedDefaultWhenTheUserHasNoConfig) {
    EXPECT_EQ(locateConfig(executable()), packagedConfig());
}

TEST_F(ConfigLocator, PrefersTheUsersXdgConfigToThePackagedDefault) {
    touch(userConfig());
    EXPECT_EQ(locateConfig(executable()), userConfig());
}

TEST_F(ConfigLocator, DeskauthConfigComesFirst) {
    touch(userConfig());
    const std::string chosen = userConfigHome() + "/chosen.json";
    touch(chosen);
    Poco::Environment::set("DESKAUTH_CONFIG", chosen);
    EXPECT_EQ(locateConfig(executable()), chosen);
}

TEST_F(ConfigLocator, AnInstalledCopyLooksAtTheUserThenEtcThenThePackagedDefault) {
    const auto candidates = configCandidates(executable());
    ASSERT_EQ(candidates.size(), 3u);
    EXPECT_EQ(candidates[0], userConfig());
    EXPECT_EQ(candidates[1], machineConfig());
    EXPECT_EQ(candidates[2], packagedConfig());
}

TEST_F(ConfigLocator, ABuildTreeAlsoLooksAtTheRepositorysConfigBeforeEtc) {
    const std::string repository = Poco::Path(executable()).parent().parent().parent().toString();
    const std::string buildDir = repository + "build/debug/";
    touch(buildDir + "CMakeCache.txt");
    const auto candidates = configCandidates(buildDir + "src/app/deskauth");
    ASSERT_EQ(candidates.size(), 4u);
    EXPECT_EQ(candidates[0], userConfig());
    EXPECT_EQ(Poco::Path(candidates[1]).toString(), Poco::Path(repository + "config/desktop.json").toString());
    EXPECT_EQ(candidates[2], machineConfig());
}

#if defined(_WIN32)
// Windows keeps settings in the roaming profile and logs in the local one (they must not roam);
// a GUI-subsystem app has no console, so without a log file nothing would be kept at all.
TEST_F(ConfigLocator, WindowsUsesAppDataForTheConfigAndLocalAppDataForTheLog) {
    EXPECT_EQ(userConfigFile(), userConfig());
    EXPECT_EQ(machineConfigFile(), machineConfig());
    EXPECT_EQ(defaultLogFile(), rootPath() + "\\Local\\DeskAuth\\Logs\\deskauth.log");
}
#else
TEST_F(ConfigLocator, LinuxFollowsXdgAndLogsToStderrOnly) {
    EXPECT_EQ(userConfigFile(), userConfig());
    EXPECT_EQ(machineConfigFile(), "/etc/deskauth/desktop.json");
    EXPECT_EQ(defaultLogFile(), "");
}
#endif
