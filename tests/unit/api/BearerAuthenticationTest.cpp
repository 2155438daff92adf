// Reading the bearer token (RFC 6750 §2.1), the claims cache in front of the validator, and the
// scope requirement (403).
#include "BearerAuthentication.h"
#include "HttpProblem.h"

#include <gtest/gtest.h>

using namespace deskauth::api;
using namespace std::chrono;

namespace {

class CountingValidator final : public TokenValidator {
public:
    AccessClaims validate(const std::string& token) override {
        ++calls;
        if (token == "bad") throw HttpProblem::invalidToken("bad token");
        AccessClaims claims;
        claims.subject = "user-" + token;
        claims.scopes = {token == "noscope" ? "openid" : "api.read"};
        claims.expiresAt = system_clock::now() + seconds(300);
        return claims;
    }
    const char* name() const override { return "jwt"; }
    int calls = 0;
};

class BearerAuthenticationTest : public ::testing::Test {
protected:
    CountingValidator validator;
    ClaimsCache cache;
    ApiStats stats;
    BearerAuthentication auth{validator, cache, "api.read", stats};

    static ApiRequest withAuthorization(const std::string& value, int headers = 1) {
        return ApiRequest{"GET", "/api/companies", value, value.empty() ? 0 : headers};
    }

    // "status code" of the refusal, or "ok".
    std::string outcome(const ApiRequest& request) {
        try {
            auth.requireScope(auth.identify(request));
            return "ok";
        } catch (const HttpProblem& problem) {
            return std::to_string(problem.status()) + " " + problem.code();
        }
    }
};

}  // namespace

TEST_F(BearerAuthenticationTest, ReadsTheTokenAfterACaseInsensitiveBearerScheme) {
    EXPECT_EQ(BearerAuthentication::bearerToken("Bearer abc.DEF-_~+/="), "abc.DEF-_~+/=");
    EXPECT_EQ(BearerAuthentication::bearerToken("bearer abc"), "abc");
    EXPECT_EQ(BearerAuthentication::bearerToken("BEARER   abc  "), "abc");
}

TEST_F(BearerAuthenticationTest, NoCredentialsAtAllIsA401WithoutErrorCode) {
    EXPECT_EQ(outcome(withAuthorization("")), "401 missing_token");
    EXPECT_EQ(outcome(withAuthorization("Basic dXNlcjpwYXNz")), "401 missing_token");
    EXPECT_EQ(outcome(withAuthorization("Bearerabc")), "401 missing_token");
}

TEST_F(BearerAuthenticationTest, AMalformedBearerTokenIsInvalidToken) {
    EXPECT_EQ(outcome(withAuthorization("Bearer")), "401 invalid_token");
    EXPECT_EQ(outcome(withAuthorization("Bearer ")), "401 invalid_token");
    EXPECT_EQ(outcome(withAuthorization("Bearer a b")), "401 invalid_token");
    EXPECT_EQ(outcome(withAuthorization("Bearer =abc")), "401 invalid_token");
    EXPECT_EQ(outcome(withAuthorization("Bearer ab=c")), "401 invalid_token");
    EXPECT_EQ(outcome(withAuthorization("Bearer \"abc\"")), "401 invalid_token");
    EXPECT_EQ(outcome(withAuthorization(std::string("Bearer a\x01z"))), "401 invalid_token");
    EXPECT_EQ(validator.calls, 0) << "malformed tokens never reach the validator";
}

TEST_F(BearerAuthenticationTest, ARepeatedAuthorizationHeaderIsABadRequest) {
    EXPECT_EQ(outcome(withAuthorization("Bearer abc", 2)), "400 invalid_request");
}

TEST_F(BearerAuthenticationTest, ARepeatedTokenIsAnsweredFromTheCacheWithoutTheValidator) {
    EXPECT_EQ(auth.identify(withAuthorization("Bearer alice")).source, "jwt");
    for (int i = 0; i < 10; ++i) {
        const Authenticated caller = auth.identify(withAuthorization("Bearer alice"));
        EXPECT_EQ(caller.source, "cache");
        EXPECT_EQ(caller.claims.subject, "user-alice");
    }
    EXPECT_EQ(validator.calls, 1);
    EXPECT_EQ(stats.cacheHits, 10);
    EXPECT_EQ(stats.cacheMisses, 1);
}

TEST_F(BearerAuthenticationTest, RefusedTokensAreNotCached) {
    EXPECT_EQ(outcome(withAuthorization("Bearer bad")), "401 invalid_token");
    EXPECT_EQ(outcome(withAuthorization("Bearer bad")), "401 invalid_token");
    EXPECT_EQ(validator.calls, 2);
    EXPECT_EQ(cache.size(), 0u);
}

TEST_F(BearerAuthenticationTest, AValidTokenWithoutTheScopeIsForbiddenEveryTime) {
    EXPECT_EQ(outcome(withAuthorization("Bearer noscope")), "403 insufficient_scope");
    EXPECT_EQ(outcome(withAuthorization("Bearer noscope")), "403 insufficient_scope") << "also when cached";
    try {
        auth.requireScope(auth.identify(withAuthorization("Bearer noscope")));
    } catch (const HttpProblem& problem) {
        EXPECT_EQ(problem.requiredScope(), "api.read");
    }
}
