// deskauth-api when the authorization server is down, restarts with new keys, issues short-lived
// tokens, or only issues opaque tokens (introspection mode). Real servers, real tokens.
#include "ApiProcess.h"
#include "ApiTokens.h"

#include "support/AuthServerProcess.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <thread>

using namespace deskauth;
using namespace deskauth::test;

namespace {

long apiStat(const ApiProcess& api, const std::string& name) {
    return objectOf(api.get("/test/stats"))->getValue<long>(name);
}

std::string issuerOn(int port) { return "https://127.0.0.1:" + std::to_string(port); }

}  // namespace

TEST(ApiResilience, AnUnreachableIssuerGives503WithAnErrorIdAndTheApiRecoversWhenItIsBack) {
    const int port = freeLoopbackPort();
    const std::string issuer = issuerOn(port);
    std::string earlierToken;
    {
        AuthServerProcess first({"--port", std::to_string(port)});
        ASSERT_EQ(first.issuer(), issuer);
        earlierToken = signInAs(issuer, "alice").accessToken;
    }  // stopped: discovery and JWKS are unreachable from now on

    ApiProcess api({"--issuer", issuer, "--test-endpoints"});
    const auto down = api.get("/api/companies", earlierToken);
    ASSERT_EQ(down.status, 503) << down.body;
    EXPECT_EQ(down.header("Retry-After"), "5");
    const auto body = objectOf(down);
    EXPECT_EQ(body->getValue<std::string>("code"), "authorization_server_unavailable");
    const std::string errorId = body->getValue<std::string>("id");
    EXPECT_EQ(errorId.rfind("DA-", 0), 0u);
    const std::string line = api.waitForLogLine({"error_id=" + errorId});
    EXPECT_NE(line.find("status=503"), std::string::npos) << "the log line carries the same error ID: " << line;
    EXPECT_NE(line.find("not reachable"), std::string::npos) << "and the cause: " << line;
    EXPECT_EQ(down.body.find("reachable:"), std::string::npos) << "no details in the body";
    EXPECT_EQ(api.get("/api/companies", "garbage").status, 401) << "garbage is still garbage during an outage";
    EXPECT_EQ(api.get("/api/health").status, 200);

    AuthServerProcess second({"--port", std::to_string(port)});  // back, with new signing keys
    const std::string newToken = signInAs(issuer, "alice").accessToken;
    const auto back = api.get("/api/companies", newToken);
    EXPECT_EQ(back.status, 200) << back.body;
    EXPECT_EQ(api.get("/api/companies", earlierToken).status, 401) << "signed by a key the new server does not publish";
    // The first download, and one refetch for the unknown kid: the first download does not count
    // against the refetch limit (issue 21); the limit then holds.
    EXPECT_EQ(apiStat(api, "jwksFetches"), 2);
    EXPECT_EQ(api.get("/api/companies", earlierToken).status, 401);
    EXPECT_EQ(apiStat(api, "jwksFetches"), 2);
}

TEST(ApiResilience, CachedCallersKeepWorkingWhileTheIssuerIsDownAndRotatedKeysAreFetchedOnce) {
    const int port = freeLoopbackPort();
    const std::string issuer = issuerOn(port);
    auto first = std::make_unique<AuthServerProcess>(std::vector<std::string>{"--port", std::to_string(port)});
    ApiProcess api({"--config", temporaryApiConfig(issuer, R"(, "jwksRefetchIntervalSeconds": 1)"), "--test-endpoints"},
                   false);
    const std::string token = signInAs(issuer, "alice").accessToken;
    ASSERT_EQ(api.get("/api/companies", token).status, 200);
    ASSERT_EQ(apiStat(api, "jwksFetches"), 1);

    first.reset();
    EXPECT_EQ(api.get("/api/companies", token).status, 200) << "answered from the claims cache";
    EXPECT_EQ(apiStat(api, "signatureChecks"), 1);

    AuthServerProcess second({"--port", std::to_string(port)});
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // past the refetch interval
    const std::string rotated = signInAs(issuer, "bob").accessToken;
    EXPECT_EQ(api.get("/api/companies", rotated).status, 200) << "unknown kid: one refetch finds the new key";
    EXPECT_EQ(apiStat(api, "jwksFetches"), 2);
    EXPECT_EQ(api.get("/api/companies", signInAs(issuer, "carol").accessToken).status, 200);
    EXPECT_EQ(apiStat(api, "jwksFetches"), 2) << "known kid: no more fetches";
}

// Waits on no clock: the token lives the server's usual 5 minutes, and the test moves the API's
// clock past its expiry (POST /test/clock/advance) instead of sleeping until a seconds-lived token
// has expired, a deadline a loaded or sanitized run could pass before the token was even used.
TEST(ApiResilience, AnExpiredTokenIsA401AndItsCachedClaimsDoNotOutliveIt) {
    AuthServerProcess server;
    ApiProcess api({"--config", temporaryApiConfig(server.issuer(), R"(, "clockSkewSeconds": 0)"), "--test-endpoints"},
                   false);
    const TokenSet tokens = signInAs(server.issuer(), "alice");
    ASSERT_EQ(api.get("/api/companies", tokens.accessToken).status, 200);
    ASSERT_EQ(api.get("/api/companies", tokens.accessToken).status, 200);
    EXPECT_EQ(apiStat(api, "cacheHits"), 1);
    const auto lifetime = std::chrono::ceil<std::chrono::seconds>(tokens.accessTokenExpiresAt - std::chrono::system_clock::now());
    api.advanceClock(lifetime + std::chrono::seconds(60));
    const auto expired = api.get("/api/companies", tokens.accessToken);
    EXPECT_EQ(expired.status, 401);
    EXPECT_NE(expired.header("WWW-Authenticate").find(R"(error="invalid_token")"), std::string::npos);
    EXPECT_NE(api.waitForLogLine({"reason=\"invalid_token: expired\""}).find("status=401"), std::string::npos);
    EXPECT_EQ(apiStat(api, "cacheHits"), 1) << "the cached claims expired with the token";
}

TEST(ApiResilience, IntrospectionModeValidatesOpaqueTokensOnceEach) {
    AuthServerProcess server({"--access-token-format", "opaque"});
    ApiProcess api({"--issuer", server.issuer(), "--validation", "introspection", "--test-endpoints"});
    TokenRequest withRefresh;
    withRefresh.scopes = {"openid", "profile", "offline_access", "api.read"};
    const TokenSet alice = signInForTokens(server.issuer(), withRefresh);
    ASSERT_EQ(alice.accessToken.find('.'), std::string::npos) << "opaque, not a JWT";

    const int before = server.stat("introspections");
    for (int i = 0; i < 10; ++i) {
        const auto response = api.get("/api/companies", alice.accessToken);
        ASSERT_EQ(response.status, 200) << response.body;
        EXPECT_EQ(response.body.find("Asia"), std::string::npos);
    }
    EXPECT_EQ(server.stat("introspections") - before, 1) << "the authorization server was asked once for 10 calls";
    EXPECT_EQ(apiStat(api, "introspections"), 1);
    EXPECT_EQ(apiStat(api, "jwksFetches"), 0);

    const std::string bob = signInAs(server.issuer(), "bob").accessToken;
    EXPECT_EQ(api.get("/api/companies/5/transactions", bob).status, 200);
    EXPECT_EQ(api.get("/api/companies/1/transactions", bob).status, 404);
    EXPECT_EQ(api.get("/api/userinfo", bob).body, R"({"name":"Bob Jones","regions":["Asia"]})");

    EXPECT_EQ(api.get("/api/companies", "made-up-token").status, 401) << "inactive";
    EXPECT_EQ(api.get("/api/companies", alice.refreshToken).status, 401) << "a refresh token is no access token";
    TokenRequest userinfoOnly;
    userinfoOnly.scopes = {"openid", "profile"};
    EXPECT_EQ(api.get("/api/companies", signInForTokens(server.issuer(), userinfoOnly).accessToken).status, 401)
        << "another audience";
    TokenRequest noScope;
    noScope.scopes = {"openid", "profile"};
    noScope.resource = "urn:deskauth:api";
    EXPECT_EQ(api.get("/api/companies", signInForTokens(server.issuer(), noScope).accessToken).status, 403);

    const std::string log = api.log();
    for (const auto& secret : {alice.accessToken, alice.refreshToken, bob, std::string("deskauth-api-dev-secret")}) {
        EXPECT_EQ(log.find(secret), std::string::npos) << "a secret is in the log";
    }
}
