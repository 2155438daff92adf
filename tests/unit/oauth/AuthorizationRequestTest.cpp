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
    auto params = query(buildAuthorizationUrl(metadata(true), "desk", {"openid", "offline_access"}, login));
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
