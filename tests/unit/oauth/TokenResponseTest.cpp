#include "oauth/TokenResponse.h"

#include <gtest/gtest.h>

using namespace deskauth;

namespace {

std::chrono::seconds lifetimeOf(const TokenSet& tokens) {
    return std::chrono::duration_cast<std::chrono::seconds>(tokens.accessTokenExpiresAt - std::chrono::system_clock::now());
}

}  // namespace

TEST(TokenResponse, ReadsASuccessfulAnswer) {
    const auto tokens = TokenResponse::parse(
        R"({"access_token":"at","token_type":"bearer","refresh_token":"rt","id_token":"it","scope":"openid","expires_in":600})",
        "authorization_code");
    EXPECT_EQ(tokens.accessToken, "at");
    EXPECT_EQ(tokens.refreshToken, "rt");
    EXPECT_EQ(tokens.idToken, "it");
    EXPECT_EQ(tokens.scope, "openid");
    EXPECT_NEAR(lifetimeOf(tokens).count(), 600, 5);
}

// RFC 9449 §5: token_type DPoP is accepted only for a request that carried a proof.
TEST(TokenResponse, ReadsADpopBoundAnswerOnlyAfterAProof) {
    const std::string body = R"({"access_token":"at","token_type":"DPoP","expires_in":60})";
    EXPECT_EQ(TokenResponse::parse(body, "authorization_code", true).tokenType, "DPoP");
    EXPECT_EQ(TokenResponse::parse(R"({"access_token":"at","token_type":"Bearer"})", "authorization_code", true).tokenType,
              "Bearer");
    EXPECT_THROW(TokenResponse::parse(body, "authorization_code", false), ProtocolError);
}

TEST(TokenResponse, RefusesAnswersWithoutABearerAccessToken) {
    for (const char* body : {"", "[]", R"({"token_type":"Bearer"})", R"({"access_token":"at"})",
                             R"({"access_token":"at","token_type":"DPoP"})", R"({"access_token":7,"token_type":"Bearer"})"}) {
        try {
            TokenResponse::parse(body, "refresh_token");
            ADD_FAILURE() << "accepted " << body;
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), "invalid_token_response") << body;
        }
    }
}

// now + seconds(expires_in) overflowed the nanosecond time_point for a huge expires_in (signed
// overflow, undefined behaviour): an out-of-range lifetime is refused.
TEST(TokenResponse, RefusesAbsurdLifetimes) {
    for (const char* lifetime : {"9223372036854775807", "-1", "31622401"}) {
        const std::string body = std::string(R"({"access_token":"at","token_type":"Bearer","expires_in":)") + lifetime + "}";
        EXPECT_THROW(TokenResponse::parse(body, "authorization_code"), ProtocolError) << lifetime;
    }
    EXPECT_NO_THROW(TokenResponse::parse(R"({"access_token":"at","token_type":"Bearer","expires_in":31622400})", "x"));
}

TEST(TokenResponse, ReadsTheOAuthErrorOfARefusal) {
    HttpResponse response;
    response.status = 400;
    response.body = R"({"error":"invalid_grant","error_description":"code=abc is used"})";
    const ServerError error = TokenResponse::error(response, "complete the sign-in");
    EXPECT_EQ(error.code(), "invalid_grant");
    EXPECT_EQ(error.details().find("abc"), std::string::npos);  // redacted
    response.body = "<html>";
    EXPECT_EQ(TokenResponse::error(response, "renew the session").code(), "server_error");
}
