// The request pipeline as a whole, without sockets: order of checks and what each outcome
// carries for the log.
#include "ApiService.h"
#include "HttpProblem.h"

#include "errors/Errors.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>

using namespace deskauth;
using namespace deskauth::api;
using namespace std::chrono;

namespace {

class ScriptedValidator final : public TokenValidator {
public:
    AccessClaims validate(const std::string& token) override {
        if (token == "down") throw NetworkError("The server at 127.0.0.1:8443 is not reachable.", "refused");
        if (token == "bug") throw std::logic_error("validator bug");
        if (token.rfind("user-", 0) != 0) throw HttpProblem::invalidToken("unknown test token");
        AccessClaims claims;
        claims.subject = token;
        claims.name = token;
        claims.regions = {token == "user-bob" ? "Asia" : "Europe"};
        claims.scopes = {token == "user-noscope" ? "openid" : "api.read"};
        claims.expiresAt = system_clock::now() + seconds(60);
        return claims;
    }
    const char* name() const override { return "jwt"; }
};

class ApiServiceTest : public ::testing::Test {
protected:
    ScriptedValidator validator;
    ClaimsCache cache;
    ApiStats stats;
    BearerAuthentication auth{validator, cache, "api.read", stats};
    CompanyRepository repository = CompanyRepository::load(deskauth::test::sourceDir() + "/resources/data");
    CompanyEndpoints endpoints{repository};
    ApiService service{ApiRouter(false), auth, endpoints, ErrorResponder(), [] { return std::string("{}"); }};

    ApiResponse get(const std::string& path, const std::string& token = "") {
        return service.handle(ApiRequest{"GET", path, token.empty() ? "" : "Bearer " + token, token.empty() ? 0 : 1});
    }
};

}  // namespace

TEST_F(ApiServiceTest, HealthNeedsNoTokenAndReturnsNoData) {
    const auto response = get("/api/health");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"status":"ok"})");
    EXPECT_EQ(response.authSource, "");
}

TEST_F(ApiServiceTest, AuthenticationComesBeforeLookingAtTheId) {
    EXPECT_EQ(get("/api/companies/abc/transactions").status, 401);
    EXPECT_EQ(get("/api/companies/999/transactions").status, 401);
    EXPECT_EQ(get("/api/companies/abc/transactions", "user-alice").status, 400);
    EXPECT_EQ(get("/api/companies/999/transactions", "user-alice").status, 404);
}

TEST_F(ApiServiceTest, AnswersTheCallersDataAndRecordsWhoAndHow) {
    auto response = get("/api/companies", "user-alice");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.userId, "user-alice");
    EXPECT_EQ(response.authSource, "jwt");
    EXPECT_EQ(response.body.find("Asia"), std::string::npos);
    EXPECT_EQ(get("/api/companies", "user-alice").authSource, "cache");
    EXPECT_EQ(get("/api/userinfo", "user-bob").body, R"({"name":"user-bob","regions":["Asia"]})");
}

TEST_F(ApiServiceTest, AForbiddenCallerIsStillNamedInTheLog) {
    const auto response = get("/api/companies", "user-noscope");
    EXPECT_EQ(response.status, 403);
    EXPECT_EQ(response.userId, "user-noscope");
}

TEST_F(ApiServiceTest, AnUnreachableIssuerIsA503AndAValidatorBugA500BothWithIds) {
    auto outage = get("/api/companies", "down");
    EXPECT_EQ(outage.status, 503);
    EXPECT_FALSE(outage.errorId.empty());
    EXPECT_NE(outage.body.find(outage.errorId), std::string::npos);
    auto bug = get("/api/companies", "bug");
    EXPECT_EQ(bug.status, 500);
    EXPECT_NE(bug.reason.find("validator bug"), std::string::npos);
    EXPECT_EQ(bug.body.find("validator bug"), std::string::npos);
}

TEST_F(ApiServiceTest, UnknownPathsAndMethodsGetJsonErrors) {
    EXPECT_EQ(get("/api/nothing").status, 404);
    EXPECT_EQ(get("/api/companies/").status, 404);
    EXPECT_EQ(get("/test/stats").status, 404) << "test endpoints are off unless asked for";
    const auto post = service.handle(ApiRequest{"POST", "/api/companies", "", 0});
    EXPECT_EQ(post.status, 405);
    EXPECT_EQ(post.body.rfind(R"({"code":"method_not_allowed")", 0), 0u);
}

TEST(ApiRouter, MatchesExactPathsOnly) {
    ApiRouter router(true);
    EXPECT_EQ(router.match("GET", "/api/health").endpoint, Endpoint::Health);
    EXPECT_FALSE(router.match("GET", "/api/health").needsToken);
    EXPECT_EQ(router.match("GET", "/api/companies").endpoint, Endpoint::Companies);
    EXPECT_EQ(router.match("HEAD", "/api/companies").endpoint, Endpoint::Companies);
    EXPECT_EQ(router.match("GET", "/api/userinfo").endpoint, Endpoint::Userinfo);
    EXPECT_EQ(router.match("GET", "/test/stats").endpoint, Endpoint::TestStats);
    const Route route = router.match("GET", "/api/companies/42/transactions");
    EXPECT_EQ(route.endpoint, Endpoint::Transactions);
    EXPECT_EQ(route.companyId, "42");
    EXPECT_EQ(router.match("GET", "/api/companies/abc/transactions").companyId, "abc");
    for (const std::string path : {"/", "/api", "/api/companies/1/2/transactions", "/api/companies/1/transactions/",
                                   "/API/companies", "/api/companies/1"}) {
        EXPECT_THROW(router.match("GET", path), HttpProblem) << path;
    }
    EXPECT_THROW(ApiRouter(false).match("GET", "/test/stats"), HttpProblem);
}

TEST(ApiRouter, TheTestClockIsMovedByPostOnlyAndOnlyWithTestEndpoints) {
    ApiRouter router(true);
    const Route route = router.match("POST", "/test/clock/advance/600");
    EXPECT_EQ(route.endpoint, Endpoint::TestClock);
    EXPECT_EQ(route.clockAdvanceSeconds, 600);
    EXPECT_FALSE(route.needsToken);
    EXPECT_THROW(router.match("GET", "/test/clock/advance/600"), HttpProblem) << "a GET changes nothing";
    for (const std::string path : {"/test/clock/advance/", "/test/clock/advance/-5", "/test/clock/advance/1e3",
                                   "/test/clock/advance/9999999999", "/test/clock"}) {
        EXPECT_THROW(router.match("POST", path), HttpProblem) << path;
    }
    EXPECT_THROW(ApiRouter(false).match("POST", "/test/clock/advance/600"), HttpProblem);
}
