#include "http/HttpClient.h"

#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "oauth/Base64Url.h"
#include "oauth/DpopSigner.h"
#include "support/FakeTransport.h"
#include "support/LocalHttpServer.h"
#include "support/JwtParts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <optional>

using namespace deskauth;
using namespace deskauth::test;

namespace {

// An API on a real local socket that accepts exactly one bearer token at a time.
class TestApi {
public:
    std::atomic<int> requests{0};
    void accept(const std::string& token) {
        std::lock_guard lock(mutex_);
        valid_ = token;
    }
    HttpResponse handle(const HttpRequest& request) {
        ++requests;
        std::string auth;
        for (const auto& [k, v] : request.headers) if (k == "Authorization") auth = v;
        std::lock_guard lock(mutex_);
        if (auth != "Bearer " + valid_) return jsonResponse(401, R"({"code":"invalid_token","message":"bad token"})");
        if (request.url == "/api/missing") return jsonResponse(404, R"({"code":"not_found","message":"No such company."})");
        if (request.url == "/api/broken") return jsonResponse(500, R"({"code":"server_error","message":"Oops.","id":"API-42"})");
        return jsonResponse(200, R"({"ok":true})");
    }

private:
    std::mutex mutex_;
    std::string valid_;
};

// Hands out tokens; refresh returns the next one.
class ScriptedTokens final : public AccessTokenSource {
public:
    std::string current = "t0";
    std::vector<std::string> rejected;
    bool failRefresh = false;
    std::function<void(const std::string&)> onRefresh;
    std::string accessToken() override { return current; }
    std::string refreshAccessToken(const std::string& token) override {
        rejected.push_back(token);
        if (failRefresh) throw LoginRequired("test");
        current = "t" + std::to_string(rejected.size());
        if (onRefresh) onRefresh(current);
        return current;
    }
    void authorize(HttpRequest& request, const std::string& token) override {
        request.headers.emplace_back("Authorization", "Bearer " + token);
    }
    bool retryWithNonce(const HttpRequest&, const HttpResponse&) override { return false; }
};

// An HttpClient with scripted tokens, calling a TestApi on a real local socket.
struct ClientOnTestApi {
    TestApi api;
    LocalHttpServer server{[this](const HttpRequest& r) { return api.handle(r); }};
    PocoHttpTransport transport{TransportSettings{}};
    ScriptedTokens tokens;
    HttpClient client{transport, tokens};

    HttpResponse get(const std::string& path) { return client.get(server.url(path)); }

    // The ApiError that GET `path` fails with; nullopt when it does not fail.
    std::optional<ApiError> apiErrorFrom(const std::string& path) {
        try {
            get(path);
        } catch (const ApiError& e) {
            return e;
        }
        return std::nullopt;
    }
};

}  // namespace

TEST(HttpClient, SendsBearerTokenAndReturnsBody) {
    ClientOnTestApi fixture;
    fixture.api.accept("t0");
    EXPECT_EQ(fixture.get("/api/companies").body, R"({"ok":true})");
    EXPECT_TRUE(fixture.tokens.rejected.empty());
}

TEST(HttpClient, On401RefreshesOnceAndRetriesOnce) {
    ClientOnTestApi fixture;
    fixture.api.accept("t1");  // the first token is stale, the refreshed one works
    EXPECT_EQ(fixture.get("/api/companies").status, 200);
    ASSERT_EQ(fixture.tokens.rejected.size(), 1u);
    EXPECT_EQ(fixture.tokens.rejected[0], "t0");
    EXPECT_EQ(fixture.api.requests, 2);
}

TEST(HttpClient, DoesNotLoopWhenTheRefreshedTokenIsAlsoRejected) {
    ClientOnTestApi fixture;
    fixture.api.accept("never");
    const auto error = fixture.apiErrorFrom("/api/companies");
    ASSERT_TRUE(error);
    EXPECT_EQ(error->httpStatus(), 401);
    EXPECT_EQ(error->code(), "invalid_token");
    EXPECT_EQ(fixture.tokens.rejected.size(), 1u);
    EXPECT_EQ(fixture.api.requests, 2);
}

TEST(HttpClient, FailedRefreshMeansLoginRequired) {
    ClientOnTestApi fixture;
    fixture.tokens.failRefresh = true;
    EXPECT_THROW(fixture.get("/api/companies"), LoginRequired);
    EXPECT_EQ(fixture.api.requests, 1);
}

TEST(HttpClient, ApiErrorsCarryCodeMessageAndServerErrorId) {
    ClientOnTestApi fixture;
    fixture.api.accept("t0");
    const auto missing = fixture.apiErrorFrom("/api/missing");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->httpStatus(), 404);
    EXPECT_EQ(missing->code(), "not_found");
    EXPECT_NE(missing->userMessage().find("No such company."), std::string::npos);
    const auto broken = fixture.apiErrorFrom("/api/broken");
    ASSERT_TRUE(broken);
    EXPECT_EQ(broken->serverErrorId(), "API-42");
    EXPECT_NE(broken->details().find("API-42"), std::string::npos);
}

// The single-flight refresh (N concurrent 401s, one refresh) is the Session's: tests/unit/session/SessionTest.cpp.

namespace {

// A token source that presents tokens with the DPoP scheme and takes the API's nonce through
// the real DpopSigner, against an API that wants nonce `wanted` (RFC 9449 §9).
class DpopTokens final : public AccessTokenSource {
public:
    std::string current = "t0";
    int refreshes = 0;
    DpopKey key = DpopKey::generate();
    DpopSigner signer{DpopServer::Resource};
    std::string accessToken() override { return current; }
    std::string refreshAccessToken(const std::string&) override {
        ++refreshes;
        current = "t" + std::to_string(refreshes);
        return current;
    }
    void authorize(HttpRequest& request, const std::string& token) override {
        request.headers.emplace_back("Authorization", "DPoP " + token);
        signer.sign(request, key, token);
    }
    bool retryWithNonce(const HttpRequest& request, const HttpResponse& response) override {
        return signer.retryWith(request, response);
    }
};

std::string nonceOfProof(const HttpRequest& request) {
    for (const auto& [k, v] : request.headers) {
        if (k != "DPoP") continue;
        const auto claims = jwtClaims(v);
        return claims->has("nonce") ? claims->getValue<std::string>("nonce") : "";
    }
    return "";
}

HttpResponse nonceChallenge(const std::string& nonce) {
    HttpResponse response = jsonResponse(401, R"({"code":"use_dpop_nonce","message":"nonce"})");
    response.headers.emplace_back("WWW-Authenticate", R"(DPoP error="use_dpop_nonce")");
    response.headers.emplace_back("DPoP-Nonce", nonce);
    return response;
}

}  // namespace

// A nonce challenge is answered by sending once more with the nonce: no refresh.
TEST(HttpClient, DpopNonceChallengeIsRetriedOnceWithoutARefresh) {
    DpopTokens tokens;
    std::vector<std::string> nonces;
    FakeTransport transport([&](const HttpRequest& request) {
        nonces.push_back(nonceOfProof(request));
        if (nonceOfProof(request) != "api-nonce") return nonceChallenge("api-nonce");
        return jsonResponse(200, R"({"ok":true})");
    });
    HttpClient client(transport, tokens);
    EXPECT_EQ(client.get("https://api.example/api/companies").status, 200);
    EXPECT_EQ(nonces, (std::vector<std::string>{"", "api-nonce"}));
    EXPECT_EQ(tokens.refreshes, 0);
    // The nonce is remembered: the next call needs one request.
    client.get("https://api.example/api/companies");
    EXPECT_EQ(transport.calls, 3);
}

// A nonce retry and the 401 -> refresh -> retry path compose: an API wanting a nonce and rejecting
// the old token costs one nonce retry and one refresh, not a loop.
TEST(HttpClient, DpopNonceRetryThenRefreshStillWorks) {
    DpopTokens tokens;
    FakeTransport transport([&](const HttpRequest& request) {
        if (nonceOfProof(request) != "api-nonce") return nonceChallenge("api-nonce");
        std::string auth;
        for (const auto& [k, v] : request.headers) if (k == "Authorization") auth = v;
        if (auth != "DPoP t1") return jsonResponse(401, R"({"code":"invalid_token","message":"expired"})");
        return jsonResponse(200, R"({"ok":true})");
    });
    HttpClient client(transport, tokens);
    EXPECT_EQ(client.get("https://api.example/api/companies").status, 200);
    EXPECT_EQ(tokens.refreshes, 1);
    EXPECT_EQ(transport.calls, 3);  // challenge, old token with nonce (401), new token
}

// A hostile API sending a fresh nonce challenge every time: one nonce retry per token, then the
// caller gets the error.
TEST(HttpClient, DpopNonceLoopEndsInAnError) {
    DpopTokens tokens;
    int n = 0;
    FakeTransport transport([&](const HttpRequest&) { return nonceChallenge("n" + std::to_string(++n)); });
    HttpClient client(transport, tokens);
    EXPECT_THROW(client.get("https://api.example/api/companies"), ApiError);
    EXPECT_EQ(transport.calls, 4);  // two tries for the old token, two for the refreshed one
    EXPECT_EQ(tokens.refreshes, 1);
}
