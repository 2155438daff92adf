// Windows: the policies where an administrator or Group Policy puts them,
// HKCU\Software\Policies\DeskAuth and HKLM\Software\Policies\DeskAuth, written with the registry
// API (RegSetKeyValueW) and read by what the app and --diagnose use (readPlatformPolicies,
// Configuration::load): the values, HKLM over HKCU, and where each setting came from. Run under
// Wine (scripts/windows/test), whose WINEPREFIX is the run's own; on a machine that has a DeskAuth
// policy already the test refuses to run rather than change or delete it (and writing HKLM needs
// an administrator there).
#include "config/Configuration.h"
#include "config/PolicySources.h"
#include "errors/Errors.h"
#include "platform/WideString.h"
#include "support/TestPaths.h"

#include <Poco/TemporaryFile.h>
#include <gtest/gtest.h>

// clang-format off
#include <windows.h>
// clang-format on

#include <algorithm>
#include <fstream>

using namespace deskauth;

namespace {

constexpr const wchar_t* kPolicyKey = L"Software\\Policies\\DeskAuth";
constexpr const char* kUserPolicy = "HKCU\\Software\\Policies\\DeskAuth";
constexpr const char* kMachinePolicy = "HKLM\\Software\\Policies\\DeskAuth";

bool keyExists(HKEY root) {
    HKEY key = nullptr;
    if (RegOpenKeyExW(root, kPolicyKey, 0, KEY_READ | KEY_WOW64_64KEY, &key) != ERROR_SUCCESS) return false;
    RegCloseKey(key);
    return true;
}

class PlatformPolicyKeys : public ::testing::Test {
protected:
    void SetUp() override {
        ASSERT_FALSE(keyExists(HKEY_CURRENT_USER)) << kUserPolicy << " exists: a real policy, left alone (run under scripts/windows/test)";
        ASSERT_FALSE(keyExists(HKEY_LOCAL_MACHINE)) << kMachinePolicy << " exists: a real policy, left alone (run under scripts/windows/test)";
        ours_ = true;
        std::ofstream(config_.path()) << test::desktopConfigJson("https://login.example.com");
    }
    void TearDown() override {
        if (!ours_) return;
        RegDeleteTreeW(HKEY_CURRENT_USER, kPolicyKey);
        RegDeleteTreeW(HKEY_LOCAL_MACHINE, kPolicyKey);
    }

    static void set(HKEY root, const std::wstring& below, const std::wstring& name, DWORD type, const void* data, DWORD size) {
        const std::wstring key = std::wstring(kPolicyKey) + L"\\" + below;
        ASSERT_EQ(RegSetKeyValueW(root, key.c_str(), name.c_str(), type, data, size), ERROR_SUCCESS);
    }
    static void setString(HKEY root, const std::wstring& below, const std::wstring& name, const std::wstring& value,
                          DWORD type = REG_SZ) {
        set(root, below, name, type, value.c_str(), static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
    }
    static void setNumber(HKEY root, const std::wstring& below, const std::wstring& name, DWORD value) {
        set(root, below, name, REG_DWORD, &value, sizeof(value));
    }

    static const EffectiveSetting* setting(const Configuration& c, const std::string& path) {
        const auto& all = c.provenance.settings;
        const auto found = std::find_if(all.begin(), all.end(), [&](const EffectiveSetting& s) { return s.path == path; });
        return found == all.end() ? nullptr : &*found;
    }

    Poco::TemporaryFile config_;
    bool ours_ = false;
};

}  // namespace

TEST_F(PlatformPolicyKeys, NoKeyIsNoPolicy) {
    EXPECT_TRUE(readPlatformPolicies().empty());
    const Configuration c = Configuration::load(config_.path());
    EXPECT_TRUE(c.provenance.policySources.empty());
    EXPECT_EQ(c.oauth.clientId, "deskauth-desktop");
}

TEST_F(PlatformPolicyKeys, BothHivesAreReadAndTheMachinePolicyWins) {
    setString(HKEY_CURRENT_USER, L"oauth", L"clientId", L"user-policy-client");
    setNumber(HKEY_CURRENT_USER, L"http", L"connectTimeoutSeconds", 21);
    setString(HKEY_LOCAL_MACHINE, L"oauth", L"clientId", L"machine-policy-client");
    setNumber(HKEY_LOCAL_MACHINE, L"ui", L"showTesterMenu", 0);

    const std::vector<SettingsLayer> layers = readPlatformPolicies();
    ASSERT_EQ(layers.size(), 2u);
    EXPECT_EQ(layers[0].source, kUserPolicy);  // the strongest last
    EXPECT_EQ(layers[1].source, kMachinePolicy);
    EXPECT_TRUE(layers[0].locked && layers[1].locked);

    const Configuration c = Configuration::load(config_.path());
    EXPECT_EQ(c.oauth.clientId, "machine-policy-client");
    EXPECT_EQ(c.http.connectTimeoutSeconds, 21);
    EXPECT_FALSE(c.ui.showTesterMenu);  // the DWORD 0
    EXPECT_EQ(c.oauth.authority, "https://login.example.com");  // the user's file, where no policy speaks
    EXPECT_EQ(c.provenance.policySources, (std::vector<std::string>{kUserPolicy, kMachinePolicy}));

    const EffectiveSetting* clientId = setting(c, "oauth.clientId");
    ASSERT_TRUE(clientId);
    EXPECT_EQ(clientId->source, kMachinePolicy);
    EXPECT_TRUE(clientId->locked);
    const EffectiveSetting* timeout = setting(c, "http.connectTimeoutSeconds");
    ASSERT_TRUE(timeout);
    EXPECT_EQ(timeout->source, kUserPolicy);
    EXPECT_TRUE(timeout->locked);
    const EffectiveSetting* authority = setting(c, "oauth.authority");
    ASSERT_TRUE(authority);
    EXPECT_EQ(authority->source, config_.path());
    EXPECT_FALSE(authority->locked);

    // The user's file said otherwise: the override is reported, naming the policy that won.
    const auto& overridden = c.provenance.overridden;
    const auto clientIdOverride = std::find_if(overridden.begin(), overridden.end(),
                                               [](const OverriddenSetting& o) { return o.path == "oauth.clientId"; });
    ASSERT_NE(clientIdOverride, overridden.end());
    EXPECT_EQ(clientIdOverride->policySource, kMachinePolicy);
}

TEST_F(PlatformPolicyKeys, AnInvalidMachinePolicyStopsTheLoadNamingTheKey) {
    // Never skipped: skipping would hand the locked fields back to the user's file.
    setString(HKEY_LOCAL_MACHINE, L"tls", L"extraCaFile", L"%USERPROFILE%\\ca.pem", REG_EXPAND_SZ);
    try {
        Configuration::load(config_.path());
        FAIL() << "a REG_EXPAND_SZ policy was accepted";
    } catch (const ConfigurationError& e) {
        EXPECT_EQ(e.field(), "tls.extraCaFile");
        EXPECT_NE(e.userMessage().find(kMachinePolicy), std::string::npos) << e.userMessage();
    }
}
