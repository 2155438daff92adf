// Token introspection (RFC 7662) against a fake issuer: what is sent, and how answers are judged.
#include "FakeIssuer.h"
#include "HttpProblem.h"
#include "IntrospectionValidator.h"

#include <gtest/gtest.h>

using namespace deskauth;
using namespace deskauth::api;
using namespace deskauth::api::test;
using deskauth::test::jsonResponse;

namespace {

class IntrospectionValidatorTest : public ::testing::Test {
protected:
    std::time_t now = std::time(nullptr);
    FakeIssuer issuer;
    Discovery discovery{issuer.transport, kIssuer};
    ApiStats stats;
    ClaimRules rules{kIssuer, kAudience, "regions", std::chrono::seconds(30), false, false};
    IntrospectionValidator validator{issuer.transport, discovery, ClaimsChecker(rules), "deskauth-api", "s3cret:x",
                                     stats};
    HttpRequest lastRequest;

    void answer(int status, const std::string& body) {
        issuer.introspection = [this, status, body](const HttpRequest& request) {
            lastRequest = request;
            return jsonResponse(status, body);
        };
    }

    std::string activeBody(const std::string& extra = "") const {
        return R"({"active":true,"token_type":"Bearer","iss":")" + kIssuer + R"(","aud":")" + kAudience +
               R"(","sub":"user-bob","scope":"api.read","regions":["Asia"],"name":"Bob Jones","exp":)" +
               std::to_string(now + 300) + extra + "}";
    }

    std::string rejectionOf(const std::string& token) {
        try {
            validator.validate(token);
            return "(accepted)";
        } catch (const HttpProblem& problem) {
            EXPECT_EQ(problem.status(), 401);
            return problem.details();
        }
    }
};

}  // namespace

TEST_F(IntrospectionValidatorTest, PostsTheTokenWithBasicClientCredentialsAndReadsTheClaims) {
    answer(200, activeBody());
    const AccessClaims claims = validator.validate("opaque-token-123");
    EXPECT_EQ(lastRequest.method, "POST");
    EXPECT_EQ(lastRequest.url, kIssuer + "/token/introspection");
    EXPECT_EQ(lastRequest.contentType, "application/x-www-form-urlencoded");
    EXPECT_EQ(lastRequest.body, "token=opaque-token-123&token_type_hint=access_token");
    bool sawBasic = false;
    for (const auto& [name, value] : lastRequest.headers) {
        // base64("deskauth-api:s3cret%3Ax"): RFC 6749 §2.3.1 form-encodes each part first.
        if (name == "Authorization") sawBasic = value == "Basic ZGVza2F1dGgtYXBpOnMzY3JldCUzQXg=";
    }
    EXPECT_TRUE(sawBasic);
    EXPECT_EQ(claims.subject, "user-bob");
    EXPECT_EQ(claims.regions, std::vector<std::string>{"Asia"});
    EXPECT_TRUE(claims.hasScope("api.read"));
    ASSERT_TRUE(claims.expiresAt);
    EXPECT_EQ(stats.introspections, 1);
}

TEST_F(IntrospectionValidatorTest, AnInactiveTokenIsA401) {
    answer(200, R"({"active":false})");
    EXPECT_EQ(rejectionOf("revoked"), "introspection: token is not active");
    answer(200, R"({"active":"true","sub":"x"})");
    EXPECT_EQ(rejectionOf("stringly"), "introspection: token is not active") << "only the JSON value true counts";
}

TEST_F(IntrospectionValidatorTest, AnActiveTokenForAnotherAudienceIsA401) {
    answer(200, R"({"active":true,"sub":"user-bob","aud":"deskauth-desktop","exp":)" + std::to_string(now + 60) + "}");
    EXPECT_NE(rejectionOf("userinfo-token").find("aud"), std::string::npos);
}

TEST_F(IntrospectionValidatorTest, ARefreshTokenIsNotAnAccessToken) {
    std::string body = activeBody();
    body.replace(body.find("Bearer"), 6, "refresh_token");
    answer(200, body);
    EXPECT_NE(rejectionOf("refresh").find("token_type"), std::string::npos);
}

TEST_F(IntrospectionValidatorTest, AnExpiredOrForeignIssuerAnswerIsA401) {
    answer(200, R"({"active":true,"sub":"user-bob","aud":")" + kAudience + R"(","exp":)" + std::to_string(now - 120) + "}");
    EXPECT_EQ(rejectionOf("old"), "expired");
    answer(200, R"({"active":true,"sub":"user-bob","aud":")" + kAudience + R"(","iss":"https://evil.example.com"})");
    EXPECT_NE(rejectionOf("foreign").find("iss"), std::string::npos);
}

TEST_F(IntrospectionValidatorTest, AnAnswerWithoutExpiryIsAcceptedButNotCacheable) {
    answer(200, R"({"active":true,"sub":"user-bob","aud":")" + kAudience + R"(","scope":"api.read"})");
    const AccessClaims claims = validator.validate("no-exp");
    EXPECT_FALSE(claims.expiresAt);
}

TEST_F(IntrospectionValidatorTest, RefusedClientCredentialsAreOurOwnFaultNotTheCallers) {
    answer(401, R"({"error":"invalid_client"})");
    try {
        validator.validate("any");
        FAIL() << "expected a server fault";
    } catch (const HttpProblem&) {
        FAIL() << "must not blame the caller's token";
    } catch (const Error&) {
        FAIL() << "must not look like an outage";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("client credentials"), std::string::npos);
    }
}

TEST_F(IntrospectionValidatorTest, AnUnreachableOrFailingIssuerIsAnUpstreamFailure) {
    issuer.down = true;
    EXPECT_THROW(validator.validate("any"), NetworkError);
    issuer.down = false;
    answer(502, "bad gateway");
    EXPECT_THROW(validator.validate("any"), ServerError);
    answer(200, "<html>");
    EXPECT_THROW(validator.validate("any"), ProtocolError);
}

TEST_F(IntrospectionValidatorTest, AnIssuerWithoutIntrospectionIsAConfigurationFault) {
    issuer.offersIntrospection = false;
    EXPECT_THROW(validator.validate("any"), std::runtime_error);
}

TEST_F(IntrospectionValidatorTest, AHugeTokenIsRefusedWithoutAskingTheIssuer) {
    EXPECT_EQ(rejectionOf(std::string(17 * 1024, 'a')), "token larger than 16 KB");
    EXPECT_EQ(issuer.transport.calls, 0);
}
