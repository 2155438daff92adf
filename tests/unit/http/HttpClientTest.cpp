#include "http/HttpClient.h"

#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "support/FakeTransport.h"
#include "support/LocalHttpServer.h"

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
