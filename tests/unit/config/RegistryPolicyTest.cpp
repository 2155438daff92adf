// Windows only (_WIN32; run under Wine by the Windows stage): a registry key read as a policy
// layer — subkeys as objects, REG_SZ / REG_DWORD / REG_MULTI_SZ as string / number / array —
// written by the test under its own HKCU key (not Software\Policies, which a test must not touch)
// and removed afterwards.
#ifdef _WIN32
#include "config/Configuration.h"
#include "config/PolicySources.h"
#include "config/SettingsDocument.h"
#include "errors/Errors.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>

#include <Poco/JSON/Array.h>
#include <Poco/UUIDGenerator.h>

#include <windows.h>

using namespace deskauth;

namespace {

class RegistryPolicy : public ::testing::Test {
protected:
    void SetUp() override {
        subkey_ = "Software\\DeskAuthTests\\" + Poco::UUIDGenerator::defaultGenerator().createRandom().toString();
        wideSubkey_ = std::wstring(subkey_.begin(), subkey_.end());
    }
    void TearDown() override { RegDeleteTreeW(HKEY_CURRENT_USER, wideSubkey_.c_str()); }

    void set(const std::wstring& below, const std::wstring& name, DWORD type, const void* data, DWORD size) {
        const std::wstring key = below.empty() ? wideSubkey_ : wideSubkey_ + L"\\" + below;
        ASSERT_EQ(RegSetKeyValueW(HKEY_CURRENT_USER, key.c_str(), name.c_str(), type, data, size), ERROR_SUCCESS);
    }
    void setString(const std::wstring& below, const std::wstring& name, const std::wstring& value, DWORD type = REG_SZ) {
        set(below, name, type, value.c_str(), static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t)));
    }
    void setNumber(const std::wstring& below, const std::wstring& name, DWORD value) {
        set(below, name, REG_DWORD, &value, sizeof(value));
    }

    std::string subkey_;
    std::wstring wideSubkey_;
};

}  // namespace

TEST_F(RegistryPolicy, AMissingKeyIsNoPolicy) {
    EXPECT_FALSE(readRegistryPolicy(RegistryHive::CurrentUser, subkey_));
}

TEST_F(RegistryPolicy, SubkeysAreObjectsAndValuesAreTyped) {
    setString(L"oauth", L"clientId", L"corp-client");
    const wchar_t scopes[] = L"openid\0profile\0";
    set(L"oauth", L"scopes", REG_MULTI_SZ, scopes, sizeof(scopes));
    setNumber(L"http", L"connectTimeoutSeconds", 15);
    setNumber(L"ui", L"showTesterMenu", 0);
    const auto policy = readRegistryPolicy(RegistryHive::CurrentUser, subkey_);
    ASSERT_TRUE(policy);
    EXPECT_EQ(policy->source, "HKCU\\" + subkey_);
    EXPECT_TRUE(policy->locked);
    EXPECT_TRUE(policy->numbersAsBooleans);
    const auto oauth = policy->document->getObject("oauth");
    ASSERT_TRUE(oauth);
    EXPECT_EQ(oauth->getValue<std::string>("clientId"), "corp-client");
    const auto array = oauth->getArray("scopes");
    ASSERT_TRUE(array);
    ASSERT_EQ(array->size(), 2u);
    EXPECT_EQ(array->getElement<std::string>(1), "profile");
    EXPECT_EQ(policy->document->getObject("http")->getValue<int>("connectTimeoutSeconds"), 15);

    // Merged over a user's file: the DWORD 0 is false, the locked fields win and say where from.
    const std::string user = deskauth::test::desktopConfigJson("https://login.example.com");
    const Configuration c = Configuration::fromLayers(
        {{"desktop.json", deskauth::test::sourceDir(), parseSettingsDocument(user, "desktop.json")}, *policy});
    EXPECT_EQ(c.oauth.clientId, "corp-client");
    EXPECT_EQ(c.http.connectTimeoutSeconds, 15);
    EXPECT_FALSE(c.ui.showTesterMenu);
    bool found = false;
    for (const auto& setting : c.provenance.settings) {
        if (setting.path == "oauth.clientId") {
            found = true;
            EXPECT_EQ(setting.source, "HKCU\\" + subkey_);
            EXPECT_TRUE(setting.locked);
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(RegistryPolicy, AnUnsupportedTypeIsAnErrorNamingTheKeyAndField) {
    setString(L"tls", L"extraCaFile", L"%APPDATA%\\ca.pem", REG_EXPAND_SZ);
    try {
        readRegistryPolicy(RegistryHive::CurrentUser, subkey_);
        FAIL() << "REG_EXPAND_SZ was accepted";
    } catch (const ConfigurationError& e) {
        EXPECT_EQ(e.field(), "tls.extraCaFile");
        EXPECT_NE(e.userMessage().find("HKCU\\" + subkey_), std::string::npos) << e.userMessage();
        EXPECT_NE(e.userMessage().find("REG_EXPAND_SZ"), std::string::npos) << e.userMessage();
    }
}
#endif
