#include "oauth/Discovery.h"

#include "errors/Errors.h"

#include <gtest/gtest.h>

using namespace deskauth;

namespace {

const std::string discoveryIssuer = "https://127.0.0.1:8443";

std::string document(const std::string& methods) {
    return R"({"issuer":"https://127.0.0.1:8443","authorization_endpoint":"https://127.0.0.1:8443/auth",)"
           R"("token_endpoint":"https://127.0.0.1:8443/token","jwks_uri":"https://127.0.0.1:8443/jwks",)"
           R"("code_challenge_methods_supported":)" + methods + "}";
}

std::string codeOfParse(const std::string& body) {
    try {
        Discovery::parse(body, discoveryIssuer);
        return "(accepted)";
    } catch (const ProtocolError& e) {
        return e.code();
    }
}

}  // namespace

TEST(Discovery, ReadsTheEndpointsOfTheConfiguredIssuer) {
    const auto metadata = Discovery::parse(document(R"(["plain","S256"])"), discoveryIssuer);
    EXPECT_EQ(metadata.tokenEndpoint, "https://127.0.0.1:8443/token");
    EXPECT_EQ(metadata.jwksUri, "https://127.0.0.1:8443/jwks");
    EXPECT_EQ(codeOfParse(R"({"issuer":"https://evil.example"})"), "discovery_issuer_mismatch");
}

// RFC 7636 §4.2: a server that cannot check S256 is refused rather than losing PKCE silently.
TEST(Discovery, RefusesAServerWithoutS256) {
    EXPECT_EQ(codeOfParse(document(R"(["plain"])")), "pkce_unsupported");
}

// Found by fuzz_Discovery: a null or object element made getElement<std::string>() throw
// Poco::InvalidAccessException instead of a ProtocolError.
TEST(Discovery, OnlyStringElementsCountAsChallengeMethods) {
    EXPECT_EQ(codeOfParse(document(R"([null,{"a":1},["S256"],7])")), "pkce_unsupported");
    EXPECT_EQ(codeOfParse(document(R"([null,"S256"])")), "(accepted)");
}

// The prompt values a provider lists (Switch Account asks for login where select_account is not
// among them); only string elements count, and a value of another type is no list.
TEST(Discovery, ReadsThePromptValuesSupported) {
    const std::string base = document(R"(["S256"])");
    const auto with = [&](const std::string& member) { return base.substr(0, base.size() - 1) + "," + member + "}"; };
    EXPECT_EQ(Discovery::parse(with(R"("prompt_values_supported":["none","login",7,null,"consent"])"), discoveryIssuer)
                  .promptValuesSupported,
              (std::vector<std::string>{"none", "login", "consent"}));
    EXPECT_TRUE(Discovery::parse(with(R"("prompt_values_supported":"login")"), discoveryIssuer).promptValuesSupported.empty());
    EXPECT_TRUE(Discovery::parse(base, discoveryIssuer).promptValuesSupported.empty());
}

// OIDC Discovery §4.3: exactly the configured value, so a '/' more or less is a mismatch, and the
// message says which value to write (issue 21 item 5).
TEST(Discovery, RefusesAnIssuerThatDiffersOnlyByATrailingSlashAndSaysWhatToWrite) {
    const std::string withSlash = R"({"issuer":"https://127.0.0.1:8443/","authorization_endpoint":"https://127.0.0.1:8443/auth",)"
                                  R"("token_endpoint":"https://127.0.0.1:8443/token","jwks_uri":"https://127.0.0.1:8443/jwks"})";
    try {
        Discovery::parse(withSlash, discoveryIssuer);
        FAIL() << "accepted an discoveryIssuer with a trailing '/' for an authority without one";
    } catch (const IssuerMismatchError& e) {
        EXPECT_EQ(e.code(), "discovery_issuer_mismatch");
        EXPECT_NE(e.userMessage().find(R"(write "https://127.0.0.1:8443/" as oauth.authority)"), std::string::npos)
            << e.userMessage();
    }
    EXPECT_NO_THROW(Discovery::parse(withSlash, discoveryIssuer + "/"));
    try {
        Discovery::parse(document(R"(["S256"])"), discoveryIssuer + "/");
        FAIL() << "accepted an discoveryIssuer without the configured trailing '/'";
    } catch (const IssuerMismatchError& e) {
        EXPECT_NE(e.userMessage().find(R"(write "https://127.0.0.1:8443" as oauth.authority)"), std::string::npos)
            << e.userMessage();
    }
}

TEST(Discovery, CallsAnotherIssuerAConfigurationOrServerProblemNotAnUntrustedResponse) {
    try {
        Discovery::parse(R"({"issuer":"https://evil.example"})", discoveryIssuer);
        FAIL() << "accepted another discoveryIssuer";
    } catch (const IssuerMismatchError& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Protocol);
        EXPECT_NE(e.userMessage().find("configuration or server problem"), std::string::npos) << e.userMessage();
        EXPECT_EQ(e.userMessage().find("could not be trusted"), std::string::npos) << e.userMessage();
        EXPECT_NE(e.details().find("https://evil.example"), std::string::npos);
    }
}
