// The policy layer: locked fields win over the user's file field by field, unlocked ones do not,
// every setting read says where it came from, and a bad policy is an error naming the policy.
#include "config/Configuration.h"
#include "config/PolicySources.h"
#include "config/SettingsDocument.h"
#include "config/SettingsLayers.h"
#include "diagnostics/SettingsOrigins.h"
#include "errors/Errors.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>

#include <Poco/File.h>
#include <Poco/TemporaryFile.h>

#include <fstream>

using namespace deskauth;

namespace {

const std::string checkoutRoot = test::sourceDir();
const std::string userFile = "/home/u/.config/deskauth/desktop.json";
const std::string policyFile = "/etc/deskauth/policy.json";

std::string userJson() {
    return R"({
      "oauth": {"authority": "https://login.example.com", "clientId": "user-client",
                "scopes": ["openid"], "loginTimeoutSeconds": 120, "deviceFlow": "offered"},
      "redirect": {"loopbackPorts": {"first": 9001, "last": 9003}},
      "api": {"baseUrl": "https://api.example.com/api"},
      "pages": {"loginSuccess": "resources/pages/login-success.html",
                "loginError": "resources/pages/login-error.html"},
      "ui": {"showTesterMenu": true}
    })";
}

SettingsLayer layer(const std::string& source, const std::string& json, bool locked, const std::string& baseDir = checkoutRoot) {
    return {source, baseDir, parseSettingsDocument(json, source), locked};
}

Configuration withPolicy(const std::string& policyJson) {
    return Configuration::fromLayers({layer(userFile, userJson(), false), layer(policyFile, policyJson, true)});
}

const EffectiveSetting& setting(const Configuration& c, const std::string& path) {
    for (const auto& s : c.provenance.settings) {
        if (s.path == path) return s;
    }
    throw std::runtime_error("no setting " + path);
}

std::string errorOf(const std::function<void()>& load) {
    try {
        load();
    } catch (const ConfigurationError& e) {
        EXPECT_FALSE(e.id().empty());
        return e.userMessage();
    }
    return "(no error)";
}

}  // namespace

TEST(SettingsLayers, ALockedFieldWinsOverTheUsersFileAndIsShownAsLocked) {
    const Configuration c = withPolicy(R"({"oauth": {"clientId": "corp-client", "deviceFlow": "off"}})");
    EXPECT_EQ(c.oauth.clientId, "corp-client");
    EXPECT_EQ(c.oauth.deviceFlow, DeviceFlow::Off);
    const EffectiveSetting& clientId = setting(c, "oauth.clientId");
    EXPECT_EQ(clientId.source, policyFile);
    EXPECT_TRUE(clientId.locked);
    EXPECT_EQ(clientId.value, "\"corp-client\"");
    ASSERT_EQ(c.provenance.overridden.size(), 2u);
    EXPECT_EQ(c.provenance.overridden[0].path, "oauth.clientId");
    EXPECT_EQ(c.provenance.overridden[0].userSource, userFile);
    EXPECT_EQ(c.provenance.overridden[0].policySource, policyFile);
    EXPECT_EQ(c.provenance.policySources, std::vector<std::string>{policyFile});
    EXPECT_EQ(lockedOverrideNotices(c.provenance)[0],
              userFile + " sets oauth.clientId, which " + policyFile + " locks: the policy's value is used");
}

TEST(SettingsLayers, AnUnlockedFieldKeepsTheUsersValueAndSource) {
    const Configuration c = withPolicy(R"({"oauth": {"clientId": "corp-client"}})");
    EXPECT_EQ(c.oauth.authority, "https://login.example.com");
    EXPECT_EQ(c.oauth.loginTimeoutSeconds, 120);
    const EffectiveSetting& authority = setting(c, "oauth.authority");
    EXPECT_EQ(authority.source, userFile);
    EXPECT_EQ(authority.value, "\"https://login.example.com\"");  // as written: no "\/" escapes
    EXPECT_FALSE(authority.locked);
    EXPECT_TRUE(c.ui.showTesterMenu);
}

TEST(SettingsLayers, NestedObjectsMergeLeafByLeaf) {
    const Configuration c = withPolicy(R"({"redirect": {"loopbackPorts": {"last": 9005}}})");
    EXPECT_EQ(c.redirect.loopbackPorts.first, 9001);
    EXPECT_EQ(c.redirect.loopbackPorts.last, 9005);
    EXPECT_EQ(setting(c, "redirect.loopbackPorts.first").source, userFile);
    EXPECT_EQ(setting(c, "redirect.loopbackPorts.last").source, policyFile);
}

TEST(SettingsLayers, EverySettingReadIsAttributedDefaultsIncluded) {
    const Configuration c = withPolicy("{}");
    const EffectiveSetting& timeout = setting(c, "http.connectTimeoutSeconds");
    EXPECT_EQ(timeout.source, "");
    EXPECT_EQ(timeout.value, "10");
    EXPECT_EQ(setting(c, "storage.backend").value, "\"auto\"");
    EXPECT_TRUE(c.provenance.overridden.empty());
    const auto lines = settingsInEffect(c.provenance);
    EXPECT_NE(std::find(lines.begin(), lines.end(), "http.connectTimeoutSeconds = 10 (built-in default)"), lines.end());
    EXPECT_NE(std::find(lines.begin(), lines.end(), "oauth.clientId = \"user-client\" (from " + userFile + ")"), lines.end());
}

TEST(SettingsLayers, NullInAPolicyLocksTheBuiltInDefault) {
    const Configuration c = withPolicy(R"({"oauth": {"loginTimeoutSeconds": null}})");
    EXPECT_EQ(c.oauth.loginTimeoutSeconds, 300);
    const EffectiveSetting& timeout = setting(c, "oauth.loginTimeoutSeconds");
    EXPECT_EQ(timeout.source, policyFile);
    EXPECT_TRUE(timeout.locked);
    EXPECT_EQ(timeout.value, "300");
    ASSERT_EQ(c.provenance.overridden.size(), 1u);
}

TEST(SettingsLayers, TheSameValueInBothIsLockedButNotReportedAsOverridden) {
    const Configuration c = withPolicy(R"({"oauth": {"clientId": "user-client"}})");
    EXPECT_TRUE(setting(c, "oauth.clientId").locked);
    EXPECT_TRUE(c.provenance.overridden.empty());
}

TEST(SettingsLayers, APolicyWinsWhereverItIsListedAndTheLastPolicyIsTheStrongest) {
    const Configuration c = Configuration::fromLayers({
        layer(userFile, userJson(), false),
        layer("HKCU", R"({"oauth": {"clientId": "user-policy"}, "http": {"connectTimeoutSeconds": 20}})", true),
        layer("HKLM", R"({"oauth": {"clientId": "machine-policy"}})", true),
    });
    EXPECT_EQ(c.oauth.clientId, "machine-policy");
    EXPECT_EQ(setting(c, "oauth.clientId").source, "HKLM");
    EXPECT_EQ(setting(c, "http.connectTimeoutSeconds").source, "HKCU");
    ASSERT_EQ(c.provenance.overridden.size(), 1u);  // only the user's file is overridden, not HKCU by HKLM
    EXPECT_EQ(c.provenance.overridden[0].policySource, "HKLM") << "the policy whose value is used";
    // The stronger policy giving the user's own value back: nothing of the user's is overridden.
    const Configuration same = Configuration::fromLayers({
        layer(userFile, userJson(), false),
        layer("HKCU", R"({"oauth": {"clientId": "user-policy"}})", true),
        layer("HKLM", R"({"oauth": {"clientId": "user-client"}})", true),
    });
    EXPECT_EQ(same.oauth.clientId, "user-client");
    EXPECT_EQ(setting(same, "oauth.clientId").source, "HKLM");
    EXPECT_TRUE(same.provenance.overridden.empty());

    const MergedSettings merged = mergeSettingsLayers({layer(policyFile, R"({"a": 1})", true), layer(userFile, R"({"a": 2})", false)});
    EXPECT_EQ(merged.document->getValue<int>("a"), 1);
    EXPECT_EQ(merged.primarySource, userFile);
}

TEST(SettingsLayers, APolicyValueReplacingASectionOverridesEachOfItsFields) {
    const std::string message = errorOf([] { withPolicy(R"({"redirect": {"loopbackPorts": 5}})"); });
    EXPECT_NE(message.find(policyFile), std::string::npos) << message;
    EXPECT_NE(message.find("redirect.loopbackPorts must be an object"), std::string::npos) << message;
    const MergedSettings merged = mergeSettingsLayers({layer(userFile, userJson(), false), layer(policyFile, R"({"redirect": 1})", true)});
    ASSERT_EQ(merged.overridden.size(), 2u);
    EXPECT_EQ(merged.overridden[0].path, "redirect.loopbackPorts.first");
    EXPECT_EQ(merged.overridden[1].path, "redirect.loopbackPorts.last");
}

TEST(SettingsLayers, ABadPolicyValueIsAnErrorNamingThePolicyNotTheUsersFile) {
    std::string message = errorOf([] { withPolicy(R"({"oauth": {"clientId": 5}})"); });
    EXPECT_NE(message.find("The configuration in " + policyFile + " is not valid: oauth.clientId must be a string"),
              std::string::npos) << message;
    message = errorOf([] { withPolicy(R"({"oauth": {"clientID": "typo"}})"); });
    EXPECT_NE(message.find(policyFile + " is not valid: oauth.clientID is not a known setting"), std::string::npos) << message;
    message = errorOf([] { withPolicy(R"({"oauth": {"authority": "http://login.example.com"}})"); });
    EXPECT_NE(message.find(policyFile + " is not valid: oauth.authority must be an https:// URL"), std::string::npos) << message;
    // A field the policy does not touch is still the user's file's problem.
    message = errorOf([] {
        Configuration::fromLayers({layer(userFile, R"({"oauth": {"clientId": "x"}})", false), layer(policyFile, "{}", true)});
    });
    EXPECT_NE(message.find(userFile + " is not valid: oauth.authority is missing"), std::string::npos) << message;
}

TEST(SettingsLayers, APolicysRelativePathIsRelativeToItsOwnFolder) {
    const Configuration c = Configuration::fromLayers({
        layer(userFile, userJson(), false, "/nowhere"),
        layer(policyFile, R"({"pages": {"loginSuccess": "resources/pages/login-success.html",
                                        "loginError": "resources/pages/login-error.html"}})", true, checkoutRoot),
    });
    EXPECT_EQ(c.pages.loginSuccess, test::nativePath(checkoutRoot + "/resources/pages/login-success.html"));
    // A layer without a folder (the registry) must give absolute paths: relative to what the user
    // controls (the working folder), a locked path would not be locked.
    const std::string message = errorOf([] {
        Configuration::fromLayers({layer(userFile, userJson(), false), layer("HKLM\\Software\\Policies\\DeskAuth",
                                                                             R"({"tls": {"extraCaFile": "ca.pem"}})", true, "")});
    });
    EXPECT_NE(message.find("HKLM\\Software\\Policies\\DeskAuth is not valid: tls.extraCaFile must be an absolute path"),
              std::string::npos) << message;
}

TEST(SettingsLayers, TheRegistrysNumbersStandForBooleans) {
    auto registry = [](const std::string& json) {
        SettingsLayer l = layer("HKLM\\Software\\Policies\\DeskAuth", json, true);
        l.numbersAsBooleans = true;
        return Configuration::fromLayers({layer(userFile, userJson(), false), l});
    };
    EXPECT_FALSE(registry(R"({"ui": {"showTesterMenu": 0}})").ui.showTesterMenu);
    EXPECT_TRUE(registry(R"({"ui": {"showTesterMenu": 1}})").ui.showTesterMenu);
    EXPECT_NE(errorOf([&] { registry(R"({"ui": {"showTesterMenu": 2}})"); }).find("ui.showTesterMenu must be 0 (false) or 1 (true)"),
              std::string::npos);
    // Only the registry's: a number in a JSON file is still a type error.
    EXPECT_NE(errorOf([] { withPolicy(R"({"ui": {"showTesterMenu": 0}})"); }).find("ui.showTesterMenu must be true or false"),
              std::string::npos);
}

TEST(PolicySources, APolicyFileIsReadAsALockedLayerAndAMissingOneIsNoPolicy) {
    EXPECT_FALSE(readPolicyFile("/nonexistent/deskauth/policy.json"));
    Poco::TemporaryFile file;
    std::ofstream(file.path()) << R"({"oauth": {"clientId": "corp"}})";
    const auto policy = readPolicyFile(file.path());
    ASSERT_TRUE(policy);
    EXPECT_TRUE(policy->locked);
    EXPECT_EQ(policy->source, file.path());
    EXPECT_EQ(policy->document->getObject("oauth")->getValue<std::string>("clientId"), "corp");
}

TEST(PolicySources, ABrokenPolicyFileIsAnErrorNamingTheFileNeverIgnored) {
    Poco::TemporaryFile file;
    for (const auto& [json, problem] : {std::pair{R"({"oauth": )", "(JSON) is not valid JSON"},
                                        std::pair{R"({"oauth": {"clientId": "a", "clientId": "b"}})", "oauth.clientId is given more than once"},
                                        std::pair{"", "(JSON) must be one JSON object"}}) {
        std::ofstream(file.path(), std::ios::trunc) << json;
        const std::string message = errorOf([&] { readPolicyFile(file.path()); });
        EXPECT_NE(message.find("The configuration in " + file.path() + " is not valid: " + problem), std::string::npos) << message;
    }
    Poco::TemporaryFile folder;
    folder.createDirectories();
    EXPECT_NE(errorOf([&] { readPolicyFile(folder.path()); }).find(folder.path() + " is not valid: (file) cannot be read"),
              std::string::npos);
}

TEST(SettingsOrigins, ThePolicyLineSaysWhichPoliciesApplyAndWhatOfTheFileTheyOverride) {
    DiagnosticReport report;
    reportSettingsOrigins(withPolicy(R"({"oauth": {"clientId": "user-client"}})"), report);
    ASSERT_EQ(report.results().size(), 1u);
    EXPECT_EQ(report.results()[0].status, CheckStatus::Ok);
    EXPECT_EQ(report.results()[0].finding, "1 setting locked by " + policyFile);

    report = {};
    reportSettingsOrigins(withPolicy(R"({"oauth": {"clientId": "corp"}, "http": {"connectTimeoutSeconds": 5}})"), report);
    EXPECT_EQ(report.results()[0].status, CheckStatus::Warning);
    EXPECT_EQ(report.results()[0].finding, "2 settings locked by " + policyFile + "; " + userFile + " sets oauth.clientId, which " +
                                               policyFile + " locks: the policy's value is used");
    EXPECT_FALSE(report.blocksSignIn());
    const std::string text = report.text();
    EXPECT_NE(text.find("Settings in effect, each with where it comes from:\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\n        oauth.clientId = \"corp\" (from " + policyFile + ", locked)\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\n        oauth.authority = \"https://login.example.com\" (from " + userFile + ")\n"), std::string::npos) << text;

    report = {};
    reportSettingsOrigins(Configuration::fromLayers({layer(userFile, userJson(), false)}), report);
    EXPECT_EQ(report.results()[0].status, CheckStatus::Skipped);
    EXPECT_EQ(report.results()[0].finding.rfind("no policy found (looked for ", 0), 0u) << report.results()[0].finding;
}

TEST(SettingsLayers, APolicyCanTurnOnTheTesterMenuAndDeviceSignInThatThePackagedDefaultsLeaveOff) {
    const std::string packaged = checkoutRoot + "/packaging/desktop.json";
    const std::string pages = R"("pages": {"loginSuccess": ")" + checkoutRoot + R"(/resources/pages/login-success.html", "loginError": ")" +
                              checkoutRoot + R"(/resources/pages/login-error.html"})";
    // The packaged file names its pages relative to the installed share folder: a policy pins them here.
    const Configuration off = Configuration::load(packaged, {layer(policyFile, "{" + pages + "}", true)});
    EXPECT_FALSE(off.ui.showTesterMenu);
    EXPECT_EQ(off.oauth.deviceFlow, DeviceFlow::Off);
    const Configuration on = Configuration::load(
        packaged, {layer(policyFile, R"({"ui": {"showTesterMenu": true}, "oauth": {"deviceFlow": "offered"}, )" + pages + "}", true)});
    EXPECT_TRUE(on.ui.showTesterMenu);
    EXPECT_EQ(on.oauth.deviceFlow, DeviceFlow::Offered);
    EXPECT_TRUE(setting(on, "ui.showTesterMenu").locked);
    EXPECT_EQ(on.provenance.overridden.size(), 2u + 2u);  // the two switches and the two pages
}
