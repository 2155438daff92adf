// config/api.json: the repository's defaults load, and every kind of mistake names its field.
#include "ApiConfiguration.h"

#include "errors/Errors.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>

using namespace deskauth;
using namespace deskauth::api;

namespace {

// A valid file with `changes` spliced into its top level, parsed from the repository's config/.
std::string problemWith(const std::string& json) {
    try {
        ApiConfiguration::parse(json, "api.json", deskauth::test::sourceDir() + "/config");
        return "(valid)";
    } catch (const ConfigurationError& e) {
        return e.userMessage();
    }
}

std::string configWith(const std::string& oauthExtra, const std::string& topExtra = "") {
    deskauth::test::devCertsDir();
    return R"({"server": {"port": 0, "certificateFile": "../.devcerts/server.pem", "privateKeyFile": "../.devcerts/server.key"},
              "oauth": {"issuer": "https://127.0.0.1:8443")" + oauthExtra + R"(},
              "data": {"directory": "../resources/data"})" + topExtra + "}";
}

}  // namespace

TEST(ApiConfiguration, TheRepositoryDefaultsRunTheDemo) {
    deskauth::test::devCertsDir();
    const auto config = ApiConfiguration::load(deskauth::test::sourceDir() + "/config/api.json");
    EXPECT_EQ(config.server.port, 8444);
    EXPECT_EQ(config.oauth.issuer, "https://127.0.0.1:8443");
    EXPECT_EQ(config.oauth.audience, "urn:deskauth:api");
    EXPECT_EQ(config.oauth.requiredScope, "api.read");
    EXPECT_EQ(config.oauth.validation, "jwt");
    EXPECT_EQ(config.oauth.introspectionClientId, "deskauth-api");
    EXPECT_EQ(config.server.certificateFile, deskauth::test::nativePath(deskauth::test::sourceDir() + "/.devcerts/server.pem"))
        << "relative to the file's folder";
    EXPECT_EQ(config.tls.extraCaFile, deskauth::test::nativePath(deskauth::test::sourceDir() + "/.devcerts/ca.pem"));
    EXPECT_EQ(config.data.directory, deskauth::test::nativePath(deskauth::test::sourceDir() + "/resources/data"));
}

TEST(ApiConfiguration, AMinimalFileGetsSafeDefaults) {
    EXPECT_EQ(problemWith(configWith("")), "(valid)");
    const auto config = ApiConfiguration::parse(configWith(""), "api.json", deskauth::test::sourceDir() + "/config");
    EXPECT_EQ(config.oauth.algorithms, (std::set<std::string>{"RS256", "ES256"}));
    EXPECT_EQ(config.oauth.clockSkewSeconds, 30);
    EXPECT_EQ(config.log.level, "info");
}

TEST(ApiConfiguration, MalformedJsonNamesTheFile) {
    EXPECT_EQ(problemWith("{\"server\": ").rfind("The configuration in api.json is not valid: (JSON) is not valid JSON", 0),
              0u);
    EXPECT_EQ(problemWith("[]"),
              "The configuration in api.json is not valid: (JSON) must be one JSON object { ... } at the top level, not an array.");
}

// Issue 21 item 5: the API's settings share the app's parser, repeated keys included.
TEST(ApiConfiguration, RefusesAKeyGivenTwice) {
    EXPECT_EQ(problemWith(configWith(R"(, "audience": "a", "audience": "b")")),
              "The configuration in api.json is not valid: oauth.audience is given more than once (keep one of them).");
}

TEST(ApiConfiguration, EveryMistakeNamesItsField) {
    EXPECT_EQ(problemWith(configWith(R"(, "validation": "magic")")),
              "The configuration in api.json is not valid: oauth.validation must be one of: jwt, introspection.");
    EXPECT_NE(problemWith(configWith(R"(, "algorithms": ["RS256", "HS256"])")).find("oauth.algorithms may only list"),
              std::string::npos);
    EXPECT_NE(problemWith(configWith(R"(, "algorithms": ["none"])")).find("oauth.algorithms"), std::string::npos);
    EXPECT_NE(problemWith(configWith(R"(, "clockSkewSeconds": 3600)")).find("oauth.clockSkewSeconds must be between"),
              std::string::npos);
    EXPECT_NE(problemWith(configWith(R"(, "audence": "x")")).find("oauth.audence is not a known setting"),
              std::string::npos);
    EXPECT_NE(problemWith(configWith(R"(, "validation": "introspection")")).find("oauth.introspection.clientId is missing"),
              std::string::npos);
    EXPECT_NE(problemWith(configWith("", R"(, "log": {"level": "loud"})")).find("log.level must be one of"),
              std::string::npos);
    EXPECT_NE(problemWith(configWith("", R"(, "tls": {"extraCaFile": "nope.pem"})")).find("tls.extraCaFile names a file that does not exist"),
              std::string::npos);
    std::string insecure = configWith("");
    insecure.replace(insecure.find("https://"), 8, "http://");
    EXPECT_NE(problemWith(insecure).find("oauth.issuer must be an https:// URL"), std::string::npos);
    std::string badPort = configWith("");
    badPort.replace(badPort.find("\"port\": 0"), 9, "\"port\": 70000");
    EXPECT_NE(problemWith(badPort).find("server.port must be between 0 and 65535"), std::string::npos);
}
