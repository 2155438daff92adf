// deskauth-api end to end: the real binary (child process, free port, config/api.json) with real
// access tokens issued by the real development authorization server (node + oidc-provider) to
// alice (Europe, USA), bob (Asia) and carol (no region). Every endpoint's success and failure codes.
#include "ApiProcess.h"
#include "ApiTokens.h"

#include "errors/Errors.h"
#include "http/ApiClient.h"
#include "http/PocoHttpTransport.h"
#include "oauth/Base64Url.h"
#include "support/AuthServerProcess.h"
#include "support/TestPaths.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <thread>

using namespace deskauth;
using namespace deskauth::test;

namespace {

std::set<std::string> regionsIn(const HttpResponse& response) {
    auto list = Poco::JSON::Parser().parse(response.body).extract<Poco::JSON::Array::Ptr>();
    std::set<std::string> regions;
    for (std::size_t i = 0; i < list->size(); ++i) regions.insert(list->getObject(i)->getValue<std::string>("region"));
    return regions;
}

// How many lines of the API's log match all of `parts`.
int logLines(const std::string& log, std::initializer_list<std::string> parts) {
    std::istringstream in(log);
    std::string line;
    int count = 0;
    while (std::getline(in, line)) {
        bool all = true;
        for (const auto& part : parts) all = all && line.find(part) != std::string::npos;
        count += all ? 1 : 0;
    }
    return count;
}

class ApiEndpoints : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        authServer_ = new AuthServerProcess();
        api_ = new ApiProcess({"--issuer", authServer_->issuer(), "--test-endpoints"});
        for (const char* user : {"alice", "bob", "carol"}) tokens_[user] = signInAs(authServer_->issuer(), user);
        for (const auto& [user, tokens] : tokens_) remember(tokens);
    }
    static void TearDownTestSuite() {
        delete api_;
        delete authServer_;
        api_ = nullptr;
        authServer_ = nullptr;
    }

    // Every credential the suite ever sends, to prove none of them reaches the log.
    static void remember(const TokenSet& tokens) {
        for (const auto* value : {&tokens.accessToken, &tokens.refreshToken, &tokens.idToken}) {
            if (!value->empty()) secrets_.push_back(*value);
        }
    }
    static const std::string& accessToken(const std::string& user) { return tokens_.at(user).accessToken; }

    static long stat(const std::string& name) {
        return objectOf(api_->get("/test/stats"))->getValue<long>(name);
    }

    static AuthServerProcess* authServer_;
    static ApiProcess* api_;
    static std::map<std::string, TokenSet> tokens_;
    static std::vector<std::string> secrets_;
};
AuthServerProcess* ApiEndpoints::authServer_ = nullptr;
ApiProcess* ApiEndpoints::api_ = nullptr;
std::map<std::string, TokenSet> ApiEndpoints::tokens_;
std::vector<std::string> ApiEndpoints::secrets_;

}  // namespace

TEST_F(ApiEndpoints, HealthAnswersWithoutAToken) {
    const auto response = api_->get("/api/health");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, R"({"status":"ok"})");
    EXPECT_EQ(response.header("Content-Type"), "application/json; charset=utf-8");
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
}

TEST_F(ApiEndpoints, EachUserGetsTheCompaniesOfTheirRegionsOnly) {
    const auto alice = api_->get("/api/companies", accessToken("alice"));
    ASSERT_EQ(alice.status, 200) << alice.body;
    EXPECT_EQ(regionsIn(alice), (std::set<std::string>{"Europe", "USA"}));
    const auto bob = api_->get("/api/companies", accessToken("bob"));
    ASSERT_EQ(bob.status, 200) << bob.body;
    EXPECT_EQ(regionsIn(bob), (std::set<std::string>{"Asia"}));
    const auto carol = api_->get("/api/companies", accessToken("carol"));
    EXPECT_EQ(carol.status, 200);
    EXPECT_EQ(carol.body, "[]");
}

TEST_F(ApiEndpoints, TransactionsOfAnOwnRegionsCompanyAre200) {
    const auto response = api_->get("/api/companies/1/transactions", accessToken("alice"));  // 1 is in Europe
    ASSERT_EQ(response.status, 200) << response.body;
    const auto body = objectOf(response);
    EXPECT_EQ(body->getObject("company")->getValue<std::string>("region"), "Europe");
    EXPECT_GT(body->getArray("transactions")->size(), 0u);
    EXPECT_EQ(api_->get("/api/companies/5/transactions", accessToken("bob")).status, 200);  // 5 is in Asia
}

TEST_F(ApiEndpoints, AnotherRegionsCompanyIsA404IndistinguishableFromAMissingOne) {
    const auto foreign = api_->get("/api/companies/5/transactions", accessToken("alice"));
    const auto missing = api_->get("/api/companies/999/transactions", accessToken("alice"));
    EXPECT_EQ(foreign.status, 404);
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(foreign.body, missing.body);
    EXPECT_EQ(objectOf(foreign)->getValue<std::string>("code"), "not_found");
    EXPECT_EQ(api_->get("/api/companies/1/transactions", accessToken("bob")).status, 404);
    EXPECT_EQ(api_->get("/api/companies/1/transactions", accessToken("carol")).status, 404);
}

TEST_F(ApiEndpoints, ANonNumericCompanyIdIsA400) {
    const auto response = api_->get("/api/companies/abc/transactions", accessToken("alice"));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(objectOf(response)->getValue<std::string>("code"), "invalid_company_id");
    EXPECT_EQ(api_->get("/api/companies/abc/transactions").status, 401) << "authentication comes first";
}

TEST_F(ApiEndpoints, UserinfoGivesTheCallersNameAndRegions) {
    const auto alice = api_->get("/api/userinfo", accessToken("alice"));
    ASSERT_EQ(alice.status, 200);
    EXPECT_EQ(alice.body, R"({"name":"Alice Smith","regions":["Europe","USA"]})");
    EXPECT_EQ(api_->get("/api/userinfo", accessToken("carol")).body, R"({"name":"Carol White","regions":[]})");
}

TEST_F(ApiEndpoints, AMissingTokenIsA401WithABearerChallenge) {
    for (const std::string path : {"/api/companies", "/api/companies/1/transactions", "/api/userinfo"}) {
        const auto response = api_->get(path);
        EXPECT_EQ(response.status, 401) << path;
        EXPECT_EQ(response.header("WWW-Authenticate"), R"(Bearer realm="deskauth-api")") << path;
        EXPECT_EQ(objectOf(response)->getValue<std::string>("code"), "missing_token");
    }
}

TEST_F(ApiEndpoints, GarbageTamperedAndForeignTokensAreA401InvalidToken) {
    const std::string real = accessToken("alice");
    // One character inside the signature (the last one may only carry base64 padding bits).
    std::string badSignature = real;
    const auto inSignature = real.rfind('.') + 10;
    badSignature[inSignature] = badSignature[inSignature] == 'A' ? 'B' : 'A';
    // Bob's token with Alice's regions: the payload changed, the signature did not.
    const std::string bob = accessToken("bob");
    const auto dot1 = bob.find('.');
    const auto dot2 = bob.find('.', dot1 + 1);
    std::string payload = base64url::decode(bob.substr(dot1 + 1, dot2 - dot1 - 1));
    payload.replace(payload.find("[\"Asia\"]"), 8, "[\"Asia\",\"Europe\",\"USA\"]");
    const std::string tampered = bob.substr(0, dot1 + 1) + base64url::encode(payload) + bob.substr(dot2);
    // The ID token is signed by the same issuer, but is no access token for this API (typ, aud).
    const std::string idToken = tokens_.at("alice").idToken;

    for (const auto& [what, token] : std::vector<std::pair<std::string, std::string>>{
             {"garbage", "not-a-token"}, {"three garbage parts", "a.b.c"}, {"bad signature", badSignature},
             {"tampered payload", tampered}, {"ID token", idToken}}) {
        const auto response = api_->get("/api/companies", token);
        EXPECT_EQ(response.status, 401) << what;
        EXPECT_NE(response.header("WWW-Authenticate").find(R"(error="invalid_token")"), std::string::npos) << what;
        EXPECT_EQ(objectOf(response)->getValue<std::string>("code"), "invalid_token") << what;
    }
    EXPECT_EQ(api_->get("/api/companies", "", {{"Authorization", "Basic YWxpY2U6cHc="}}).status, 401);
    EXPECT_EQ(api_->get("/api/companies", "", {{"Authorization", "Bearer"}}).status, 401);
}

TEST_F(ApiEndpoints, ATokenForAnotherAudienceIsA401) {
    // Without api.read the server issues an opaque token for its own userinfo endpoint.
    TokenRequest request;
    request.scopes = {"openid", "profile"};
    const TokenSet userinfoToken = signInForTokens(authServer_->issuer(), request);
    remember(userinfoToken);
    const auto response = api_->get("/api/companies", userinfoToken.accessToken);
    EXPECT_EQ(response.status, 401);
    EXPECT_NE(response.header("WWW-Authenticate").find(R"(error="invalid_token")"), std::string::npos);
}

TEST_F(ApiEndpoints, AnApiTokenWithoutTheApiScopeIsA403) {
    // A real JWT for this API (resource indicator, RFC 8707: aud = urn:deskauth:api) requested
    // without the api.read scope: authenticated, but not allowed.
    TokenRequest request;
    request.scopes = {"openid", "profile"};
    request.resource = "urn:deskauth:api";
    const TokenSet tokens = signInForTokens(authServer_->issuer(), request);
    remember(tokens);
    ASSERT_EQ(std::count(tokens.accessToken.begin(), tokens.accessToken.end(), '.'), 2) << "a JWT";
    const auto response = api_->get("/api/companies", tokens.accessToken);
    EXPECT_EQ(response.status, 403) << response.body;
    EXPECT_EQ(response.header("WWW-Authenticate"),
              R"(Bearer realm="deskauth-api", error="insufficient_scope", scope="api.read")");
    EXPECT_EQ(objectOf(response)->getValue<std::string>("code"), "insufficient_scope");
    EXPECT_NE(api_->waitForLogLine({"status=403", "user=user-alice"}), "") << "the log names the forbidden user";
}

TEST_F(ApiEndpoints, TheClaimsCacheAnswersRepeatCallsWithoutCryptoOrNetwork) {
    const TokenSet fresh = signInAs(authServer_->issuer(), "alice");
    remember(fresh);
    const long checksBefore = stat("signatureChecks");
    const long hitsBefore = stat("cacheHits");
    const int cachedLinesBefore = logLines(api_->log(), {"path=/api/companies", "status=200", "auth=cache"});
    for (int i = 0; i < 20; ++i) ASSERT_EQ(api_->get("/api/companies", fresh.accessToken).status, 200);
    EXPECT_EQ(stat("signatureChecks") - checksBefore, 1) << "one signature check for 20 calls";
    EXPECT_EQ(stat("cacheHits") - hitsBefore, 19);
    EXPECT_EQ(stat("jwksFetches"), 1) << "the JWKS was downloaded once for the whole suite";
    int cachedLines = 0;  // the API logs each request just after answering it: allow a moment
    for (int wait = 0; wait < 100 && cachedLines < 19; ++wait) {
        if (wait) std::this_thread::sleep_for(std::chrono::milliseconds(20));
        cachedLines = logLines(api_->log(), {"path=/api/companies", "status=200", "auth=cache"}) - cachedLinesBefore;
    }
    EXPECT_EQ(cachedLines, 19) << "each repeat call is logged as answered from the cache";
}

TEST_F(ApiEndpoints, UnknownPathsAndMethodsGetJsonErrors) {
    const auto unknown = api_->get("/api/nothing-here", accessToken("alice"));
    EXPECT_EQ(unknown.status, 404);
    EXPECT_EQ(objectOf(unknown)->getValue<std::string>("code"), "not_found");
    HttpRequest post;
    post.method = "POST";
    post.url = api_->baseUrl() + "/api/companies";
    post.body = "{}";
    post.contentType = "application/json";
    const auto response = deskauth::PocoHttpTransport(TransportSettings{devCertsDir() + "/ca.pem"}).send(post);
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.header("Allow"), "GET, HEAD");
    EXPECT_EQ(objectOf(response)->getValue<std::string>("code"), "method_not_allowed");
}

TEST_F(ApiEndpoints, OversizedHeadersGetAJsonErrorAndTheServerCarriesOn) {
    const auto huge = api_->get("/api/companies", "", {{"X-Huge", std::string(10000, 'x')}});
    EXPECT_EQ(huge.status, 431);
    EXPECT_EQ(objectOf(huge)->getValue<std::string>("code"), "header_too_large");
    const auto hugeToken = api_->get("/api/companies", std::string(20000, 'a'));
    EXPECT_EQ(hugeToken.status, 431);
    HeaderList many;
    for (int i = 0; i < 150; ++i) many.emplace_back("X-Field-" + std::to_string(i), "v");
    EXPECT_EQ(api_->get("/api/health", "", many).status, 431);
    EXPECT_EQ(api_->get("/api/" + std::string(17000, 'p')).status, 414);
    EXPECT_EQ(api_->get("/api/companies", accessToken("alice")).status, 200) << "still serving";
}

TEST_F(ApiEndpoints, ListensOnLoopbackOnly) {
    // /proc/net/tcp lists listening sockets (state 0A) as hex "address:port"; 0100007F is 127.0.0.1.
    std::ifstream tcp("/proc/net/tcp");
    ASSERT_TRUE(tcp) << "needs Linux /proc";
    char port[8];
    std::snprintf(port, sizeof port, "%04X", api_->port());
    std::string line;
    std::vector<std::string> listeners;
    while (std::getline(tcp, line)) {
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        if (state == "0A" && local.size() > 5 && local.substr(local.size() - 4) == port) listeners.push_back(local);
    }
    ASSERT_EQ(listeners.size(), 1u);
    EXPECT_EQ(listeners[0], std::string("0100007F:") + port);
}

TEST_F(ApiEndpoints, TheDesktopAppsApiClientReadsEveryEndpoint) {
    // The contract with the app: core ApiClient (what the views use) against the real API.
    struct FixedToken final : AccessTokenSource {
        std::string token;
        std::string accessToken() override { return token; }
        std::string refreshAccessToken(const std::string&) override { throw LoginRequired("test"); }
        void authorize(HttpRequest& request, const std::string& bearer) override {
            request.headers.emplace_back("Authorization", "Bearer " + bearer);
        }
        bool retryWithNonce(const HttpRequest&, const HttpResponse&) override { return false; }
    } source;
    source.token = accessToken("alice");
    PocoHttpTransport transport(TransportSettings{devCertsDir() + "/ca.pem"});
    HttpClient http(transport, source);
    ApiClient client(http, api_->baseUrl() + "/api");

    const auto companies = client.companies();
    ASSERT_EQ(companies.size(), 4u);
    EXPECT_EQ(companies[0].name, "Nordic Wind Partners");
    EXPECT_EQ(companies[0].targetUsd, 1200000);
    EXPECT_EQ(companies[0].noInvestors, 4);
    const auto transactions = client.transactions(companies[0].id);
    EXPECT_EQ(transactions.company.id, companies[0].id);
    ASSERT_EQ(transactions.transactions.size(), 4u);
    EXPECT_EQ(transactions.transactions[0].date.size(), 10u);
    const auto me = client.userInfo();
    EXPECT_EQ(me.name, "Alice Smith");
    EXPECT_EQ(me.regions, (std::vector<std::string>{"Europe", "USA"}));
    try {
        client.transactions(5);
        FAIL() << "Asia is not Alice's region";
    } catch (const ApiError& e) {
        EXPECT_EQ(e.httpStatus(), 404);
        EXPECT_EQ(e.code(), "not_found");
    }
}

// Every test may run in its own process (ctest), so this one sends the suite's tokens itself —
// valid ones, to every endpoint, and broken ones — before reading the API's log.
TEST_F(ApiEndpoints, NoTokenEverReachesTheLog) {
    for (const char* user : {"alice", "bob", "carol"}) {
        for (const char* path : {"/api/companies", "/api/companies/1/transactions", "/api/companies/x/transactions",
                                 "/api/userinfo"}) {
            api_->get(path, accessToken(user));
            api_->get(path, accessToken(user) + "x");
        }
    }
    const std::string log = api_->log();
    ASSERT_GT(logLines(log, {"deskauth.api.request"}), 20) << "the log was captured";
    ASSERT_GE(secrets_.size(), 6u);
    for (const auto& secret : secrets_) {
        EXPECT_EQ(log.find(secret), std::string::npos) << "a token is in the log";
        EXPECT_EQ(log.find(secret.substr(secret.size() / 2, 24)), std::string::npos) << "part of a token is in the log";
    }
    EXPECT_EQ(log.find("eyJ"), std::string::npos) << "nothing JWT-like at all";
}
