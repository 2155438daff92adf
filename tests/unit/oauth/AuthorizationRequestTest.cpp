#include "oauth/AuthorizationRequest.h"

#include "errors/Errors.h"
#include "oauth/Pkce.h"

#include <Poco/URI.h>
#include <gtest/gtest.h>

using namespace deskauth;

namespace {

ProviderMetadata metadata(bool iss) {
    ProviderMetadata m;
    m.issuer = "https://login.example.com";
    m.authorizationEndpoint = "https://login.example.com/auth";
    m.issParameterSupported = iss;
    return m;
}

std::map<std::string, std::string> query(const std::string& url) {
    std::map<std::string, std::string> out;
    for (const auto& [k, v] : Poco::URI(url).getQueryParameters()) out[k] = v;
    return out;
}

}  // namespace

TEST(AuthorizationRequest, CarriesPkceS256StateNonceAndRedirect) {
    auto login = PendingLogin::create("http://127.0.0.1:8002/callback");
    auto params = query(buildAuthorizationUrl(metadata(true), "desk", {"openid", "offline_access"}, {}, login));
    EXPECT_EQ(params["response_type"], "code");
    EXPECT_EQ(params["client_id"], "desk");
    EXPECT_EQ(params["redirect_uri"], "http://127.0.0.1:8002/callback");
    EXPECT_EQ(params["scope"], "openid offline_access");
    EXPECT_EQ(params["state"], login.state);
    EXPECT_EQ(params["nonce"], login.nonce);
    EXPECT_EQ(params["code_challenge_method"], "S256");
    EXPECT_EQ(params["code_challenge"], Pkce::challengeFor(login.codeVerifier));
    EXPECT_EQ(params.count("code_verifier"), 0u) << "the verifier never leaves the app before the exchange";
}

// Issue 19 item 8: OIDC Core §11 — a request for offline_access carries prompt=consent unless the
// configuration says otherwise; without offline_access there is no prompt.
TEST(AuthorizationRequest, AsksForConsentWithOfflineAccessUnlessThePromptIsConfigured) {
    auto login = PendingLogin::create("http://127.0.0.1:8002/callback");
    EXPECT_EQ(query(buildAuthorizationUrl(metadata(true), "desk", {"openid", "offline_access"}, {}, login))["prompt"],
              "consent");
    EXPECT_EQ(query(buildAuthorizationUrl(metadata(true), "desk", {"openid", "api.read"}, {}, login)).count("prompt"), 0u);
    AuthorizationSettings settings;
    settings.prompt = "select_account consent";
    EXPECT_EQ(query(buildAuthorizationUrl(metadata(true), "desk", {"openid", "offline_access"}, settings, login))["prompt"],
              "select_account consent");
    settings.prompt = "";
    EXPECT_EQ(query(buildAuthorizationUrl(metadata(true), "desk", {"openid", "offline_access"}, settings, login))
                  .count("prompt"),
              0u);
}

TEST(AuthorizationRequest, CarriesTheConfiguredOptionalParametersAndEveryResource) {
    auto login = PendingLogin::create("http://127.0.0.1:8002/callback");
    AuthorizationSettings settings;
    settings.loginHint = "alice@example.com";
    settings.acrValues = {"urn:mace:incommon:iap:silver", "phr"};
    settings.maxAgeSeconds = 0;
    settings.resources = {"https://api.example.com/", "urn:example:reports"};
    settings.extraParameters = {{"domain_hint", "example.com"}};
    const std::string url = buildAuthorizationUrl(metadata(true), "desk", {"openid"}, settings, login);
    auto params = query(url);
    EXPECT_EQ(params["login_hint"], "alice@example.com");
    EXPECT_EQ(params["acr_values"], "urn:mace:incommon:iap:silver phr");
    EXPECT_EQ(params["max_age"], "0");
    EXPECT_EQ(params["domain_hint"], "example.com");
    std::vector<std::string> resources;
    for (const auto& [name, value] : Poco::URI(url).getQueryParameters()) {
        if (name == "resource") resources.push_back(value);
    }
    EXPECT_EQ(resources, (std::vector<std::string>{"https://api.example.com/", "urn:example:reports"}));  // RFC 8707 §2
}

TEST(AuthorizationRequest, ReturnsCodeFromAValidResponse) {
    EXPECT_EQ(authorizationCodeFrom({{"code", "abc"}, {"iss", "https://login.example.com"}}, metadata(true)), "abc");
    EXPECT_EQ(authorizationCodeFrom({{"code", "abc"}}, metadata(false)), "abc");
}

TEST(AuthorizationRequest, RejectsMissingOrForeignIssuerWhenServerSendsIt) {
    try {
        authorizationCodeFrom({{"code", "abc"}}, metadata(true));
        FAIL();
    } catch (const ProtocolError& e) {
        EXPECT_EQ(e.code(), "issuer_mismatch");
    }
    EXPECT_THROW(authorizationCodeFrom({{"code", "abc"}, {"iss", "https://evil.example.com"}}, metadata(true)),
                 ProtocolError);
}

TEST(AuthorizationRequest, RejectsAForeignIssuerEvenWhenTheServerDoesNotAdvertiseIss) {
    // RFC 9207 §2.4: a present iss is always compared, advertised or not.
    for (const std::string iss : {"https://evil.example.com", ""}) {
        try {
            authorizationCodeFrom({{"code", "abc"}, {"iss", iss}}, metadata(false));
            FAIL() << iss;
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), "issuer_mismatch");
        }
    }
    EXPECT_EQ(authorizationCodeFrom({{"code", "abc"}, {"iss", "https://login.example.com"}}, metadata(false)), "abc");
}

TEST(AuthorizationRequest, ServerErrorsKeepTheirCode) {
    for (const std::string code : {"access_denied", "login_required", "invalid_scope", "server_error"}) {
        try {
            authorizationCodeFrom({{"error", code}, {"iss", "https://login.example.com"}}, metadata(true));
            FAIL() << code;
        } catch (const ServerError& e) {
            EXPECT_EQ(e.code(), code);
            EXPECT_NE(e.userMessage().find(code), std::string::npos) << e.userMessage();
        }
    }
}

TEST(AuthorizationRequest, RejectsResponseWithoutCode) {
    EXPECT_THROW(authorizationCodeFrom({{"iss", "https://login.example.com"}}, metadata(true)), ProtocolError);
}
