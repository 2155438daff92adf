#include "session/Session.h"

#include "FakeAuthority.h"
#include "errors/Errors.h"
#include "http/HttpClient.h"
#include "storage/MemoryTokenStore.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace deskauth;
using namespace deskauth::test;
using deskauth::session::Session;

namespace {

class NoBrowser final : public BrowserLauncher {
public:
    void open(const std::string&) override {}
};

TokenSet storedTokens(const std::string& access, const std::string& refresh) {
    TokenSet tokens;
    tokens.accessToken = access;
    tokens.refreshToken = refresh;
    tokens.accessTokenExpiresAt = std::chrono::system_clock::now() + std::chrono::minutes(5);
    return tokens;
}

// A Session over a fake authority and a memory store, nothing on the network.
struct SessionOnFakeAuthority {
    explicit SessionOnFakeAuthority(Configuration configuration = FakeAuthority::config())
        : config(std::move(configuration)) {}
    FakeAuthority authority;
    Configuration config;
    Discovery discovery{authority.transport, config.oauth.authority};
    TokenClient tokenClient{authority.transport, discovery, config.oauth.clientId};
    MemoryTokenStore store;
    NoBrowser browser;
    RememberedAccount remembered;  // in memory
    Session session{config, authority.transport, discovery, tokenClient, store, browser, remembered};
};

}  // namespace

// N concurrent calls that all get a 401 share exactly one refresh at the token endpoint (moved
// here from HttpClientTest: it is the Session's single flight that it proves).
TEST(SessionRefresh, ConcurrentUnauthorizedCallsCauseExactlyOneRefresh) {
    SessionOnFakeAuthority fixture;
    std::atomic<int> apiCalls{0};
    fixture.authority.onRefresh = [&](const auto&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // a slow server widens the race
        return FakeAuthority::tokens("fresh-" + std::to_string(fixture.authority.refreshGrants.load()), "rt-2");
    };
    // The API accepts only the first refreshed token.
    FakeTransport api([&](const HttpRequest& request) {
        ++apiCalls;
        for (const auto& [k, v] : request.headers) {
            if (k == "Authorization" && v == "Bearer fresh-1") return jsonResponse(200, R"({"ok":true})");
        }
        return jsonResponse(401, R"({"code":"invalid_token","message":"bad token"})");
    });
    fixture.store.save(storedTokens("stale", "rt-1"));
    ASSERT_TRUE(fixture.session.restore());
    HttpClient client(api, fixture.session);

    constexpr int callers = 8;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < callers; ++i) {
        threads.emplace_back([&] {
            if (client.get("https://api.example.com/api/companies").status == 200) ++ok;
        });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(ok, callers);
    EXPECT_EQ(fixture.authority.refreshGrants, 1);
    EXPECT_EQ(fixture.store.load()->refreshToken, "rt-2") << "the rotated refresh token is saved";
}

// Another instance sharing the store refreshed first and rotated the refresh token: its tokens
// are used, and ours (already spent at the server) is not sent again (RFC 9700 §4.14.2).
TEST(SessionRefresh, AdoptsTokensRotatedByAnotherInstance) {
    SessionOnFakeAuthority fixture;
    fixture.authority.onRefresh = [](const auto&) { return FakeAuthority::tokens("never", "never"); };
    fixture.store.save(storedTokens("a1", "rt-1"));
    ASSERT_TRUE(fixture.session.restore());
    fixture.store.save(storedTokens("a2", "rt-2"));  // the other instance's refresh

    EXPECT_EQ(fixture.session.refreshAccessToken("a1"), "a2");
    EXPECT_EQ(fixture.authority.refreshGrants, 0) << "no refresh with a refresh token another instance rotated";
    EXPECT_EQ(fixture.session.accessToken(), "a2");
    EXPECT_EQ(fixture.store.load()->refreshToken, "rt-2");
}

// The tester action corrupts the refresh token; the next refresh is refused (invalid_grant) and
// ends the session: signed out, the store cleared, and the app told.
TEST(SessionRefresh, ExpiredRefreshTokenEndsTheSession) {
    SessionOnFakeAuthority fixture;
    std::vector<std::string> sentRefreshTokens;
    fixture.authority.onRefresh = [&](const std::map<std::string, std::string>& form) {
        sentRefreshTokens.push_back(form.at("refresh_token"));
        if (form.at("refresh_token") == "rt-1") return FakeAuthority::tokens("a2", "rt-2");
        return jsonResponse(400, R"({"error":"invalid_grant"})");
    };
    std::vector<std::optional<SignedInUser>> changes;
    fixture.session.onChanged([&](const std::optional<SignedInUser>& user) { changes.push_back(user); });
    fixture.store.save(storedTokens("a1", "rt-1"));
    ASSERT_TRUE(fixture.session.restore());

    fixture.session.expireRefreshToken();
    EXPECT_NE(fixture.store.load()->refreshToken, "rt-1") << "the corrupted token is what the store holds";
    const std::string rejected = fixture.store.load()->accessToken;
    EXPECT_THROW(fixture.session.refreshAccessToken(rejected), LoginRequired);

    ASSERT_EQ(sentRefreshTokens.size(), 1u);
    EXPECT_NE(sentRefreshTokens[0], "rt-1");
    EXPECT_FALSE(fixture.session.isSignedIn());
    EXPECT_FALSE(fixture.session.user());
    EXPECT_FALSE(fixture.store.load()) << "the refused session is no longer stored";
    ASSERT_FALSE(changes.empty());
    EXPECT_FALSE(changes.back()) << "the app is told the session ended";
    EXPECT_THROW(fixture.session.accessToken(), LoginRequired);
}

// A login's tokens need a valid ID token with the login's nonce; a wrong one changes nothing.
TEST(SessionAccept, ValidatesTheIdTokenBeforeTakingTheTokens) {
    SessionOnFakeAuthority fixture;
    TokenSet tokens = storedTokens("a1", "rt-1");
    tokens.idToken = FakeAuthority::idToken("user-alice", std::string("n-1"));
    EXPECT_THROW(fixture.session.accept(tokens, std::string("n-other")), ProtocolError);
    EXPECT_FALSE(fixture.session.isSignedIn());
    EXPECT_FALSE(fixture.store.load());

    fixture.session.accept(tokens, std::string("n-1"));
    ASSERT_TRUE(fixture.session.user());
    EXPECT_EQ(fixture.session.user()->subject, "user-alice");
    EXPECT_EQ(fixture.store.load()->refreshToken, "rt-1");
}

// RFC 6749 §3.3: a sign-in that lacks a scope the app needs (unticked at consent) is refused,
// naming the scope, and nothing is kept; an answer without scope means all were granted.
TEST(SessionAccept, ASignInWithoutARequiredScopeIsRefusedAndNothingKept) {
    Configuration config = FakeAuthority::config();
    config.oauth.scopes.push_back("api.read");
    SessionOnFakeAuthority fixture(config);
    TokenSet tokens = storedTokens("a1", "rt-1");
    tokens.idToken = FakeAuthority::idToken("user-alice", std::string("n-1"));
    tokens.scope = "openid offline_access";
    try {
        fixture.session.accept(tokens, std::string("n-1"));
        FAIL() << "a sign-in without api.read was accepted";
    } catch (const ScopeNotGranted& e) {
        EXPECT_EQ(e.code(), "scope_not_granted");
        EXPECT_EQ(e.missing(), std::vector<std::string>{"api.read"});
        EXPECT_NE(e.userMessage().find("api.read"), std::string::npos) << e.userMessage();
        EXPECT_FALSE(e.id().empty());
    }
    EXPECT_FALSE(fixture.session.isSignedIn());
    EXPECT_FALSE(fixture.store.load());

    tokens.scope = "";
    fixture.session.accept(tokens, std::string("n-1"));
    EXPECT_TRUE(fixture.session.isSignedIn());
}

// Some providers (Glewlwyd) answer an expired, revoked or replayed refresh token with 400 and an
// empty body, others with 401 or another error code than invalid_grant: each is the end of the
// session (RFC 6749 §5.2), not an error to show at every start.
TEST(SessionRefresh, ARefusalWithAnyCodeOrNoBodyEndsTheSession) {
    for (const auto& [status, body] : {std::pair{400, std::string()}, std::pair{400, std::string(R"({"error":"invalid_request"})")},
                                       std::pair{401, std::string()}, std::pair{401, std::string(R"({"error":"invalid_client"})")},
                                       std::pair{400, std::string("<html>Bad Request</html>")}}) {
        SCOPED_TRACE(std::to_string(status) + " " + body);
        SessionOnFakeAuthority fixture;
        fixture.authority.onRefresh = [status = status, body = body](const auto&) { return jsonResponse(status, body); };
        fixture.store.save(storedTokens("a1", "rt-1"));
        ASSERT_TRUE(fixture.session.restore());

        EXPECT_THROW(fixture.session.refreshAccessToken("a1"), LoginRequired);
        EXPECT_FALSE(fixture.session.isSignedIn());
        EXPECT_FALSE(fixture.store.load()) << "the refused session is no longer stored";
    }
}

// A busy or failing server, or the network, may recover: the error is shown and the session kept.
TEST(SessionRefresh, ServerTroubleOrANetworkFailureKeepsTheSession) {
    for (const int status : {429, 500, 503}) {
        SCOPED_TRACE(status);
        SessionOnFakeAuthority fixture;
        fixture.authority.onRefresh = [status](const auto&) { return jsonResponse(status, ""); };
        fixture.store.save(storedTokens("a1", "rt-1"));
        ASSERT_TRUE(fixture.session.restore());

        try {
            fixture.session.refreshAccessToken("a1");
            ADD_FAILURE() << "the refresh succeeded";
        } catch (const ServerError& e) {
            EXPECT_EQ(e.httpStatus(), status);
        }
        EXPECT_TRUE(fixture.session.isSignedIn());
        ASSERT_TRUE(fixture.store.load());
        EXPECT_EQ(fixture.store.load()->refreshToken, "rt-1");
    }
    SessionOnFakeAuthority fixture;
    fixture.authority.onRefresh = [](const auto&) -> HttpResponse { throw NetworkError("unreachable", "test"); };
    fixture.store.save(storedTokens("a1", "rt-1"));
    ASSERT_TRUE(fixture.session.restore());
    EXPECT_THROW(fixture.session.refreshAccessToken("a1"), NetworkError);
    EXPECT_TRUE(fixture.session.isSignedIn());
    EXPECT_TRUE(fixture.store.load());
}

// RFC 6749 §5.1, §6: a refresh answer without scope means the scope granted before; it used to
// empty the stored scope.
TEST(SessionRefresh, AnAnswerWithoutScopeKeepsTheGrantedScope) {
    SessionOnFakeAuthority fixture;
    fixture.authority.onRefresh = [](const auto&) { return FakeAuthority::tokens("a2", "rt-2"); };  // no scope
    TokenSet stored = storedTokens("a1", "rt-1");
    stored.scope = "openid offline_access api.read";
    fixture.store.save(stored);
    ASSERT_TRUE(fixture.session.restore());

    EXPECT_EQ(fixture.session.refreshAccessToken("a1"), "a2");
    ASSERT_TRUE(fixture.store.load());
    EXPECT_EQ(fixture.store.load()->scope, "openid offline_access api.read");

    // A scope in the answer replaces it (the server may narrow it, §6).
    fixture.authority.onRefresh = [](const auto&) {
        return jsonResponse(200, R"({"access_token":"a3","token_type":"Bearer","expires_in":300,"scope":"openid"})");
    };
    EXPECT_EQ(fixture.session.refreshAccessToken("a2"), "a3");
    EXPECT_EQ(fixture.store.load()->scope, "openid");
}

// Sign Out tells the truth about the server: confirmed only when the revocation was accepted.
TEST(SessionLogout, ARefusedRevocationIsNotReportedAsConfirmed) {
    SessionOnFakeAuthority fixture;
    fixture.store.save(storedTokens("a1", "rt-1"));
    ASSERT_TRUE(fixture.session.restore());
    EXPECT_TRUE(fixture.session.logout().serverConfirmed);
    EXPECT_EQ(fixture.authority.revocations, 1);

    fixture.authority.onRevoke = [](const auto&) { return jsonResponse(401, R"({"error":"invalid_client"})"); };
    fixture.store.save(storedTokens("a1", "rt-1"));
    ASSERT_TRUE(fixture.session.restore());
    EXPECT_FALSE(fixture.session.logout().serverConfirmed);
    EXPECT_FALSE(fixture.session.isSignedIn()) << "the local session ends all the same";
    EXPECT_FALSE(fixture.store.load());
}

// oauth.revocationAuth "bearer": the access token goes along as Authorization: Bearer.
TEST(SessionLogout, BearerRevocationAuthSendsTheAccessToken) {
    Configuration config = FakeAuthority::config();
    config.oauth.revocationAuth = RevocationAuth::Bearer;
    SessionOnFakeAuthority fixture(config);
    std::vector<std::string> authorizations;
    FakeTransport spy([&](const HttpRequest& request) {
        for (const auto& [name, value] : request.headers) {
            if (name == "Authorization") authorizations.push_back(request.url + " " + value);
        }
        return fixture.authority.transport.send(request);
    });
    Discovery discovery{spy, fixture.config.oauth.authority};
    TokenClient tokenClient{spy, discovery, fixture.config.oauth.clientId};
    Session session{fixture.config, spy, discovery, tokenClient, fixture.store, fixture.browser, fixture.remembered};
    fixture.store.save(storedTokens("a1", "rt-1"));
    ASSERT_TRUE(session.restore());
    EXPECT_TRUE(session.logout().serverConfirmed);
    ASSERT_EQ(authorizations.size(), 1u);
    EXPECT_EQ(authorizations[0], std::string(FakeAuthority::issuer) + "/revoke Bearer a1");
}

// RP-Initiated Logout §2/§3: the end-session request carries a fresh state, and only a return to
// post_logout_redirect_uri with that state is acted on, once; a missing, forged or replayed one
// is refused as a stray response, and a login's redirect is no logout return at all.
TEST(SessionLogout, TheReturnFromTheEndSessionPageNeedsTheStateOfTheRequest) {
    Configuration config = FakeAuthority::config("private-uri");
    config.oauth.logoutMode = LogoutMode::Oidc;
    SessionOnFakeAuthority fixture(config);
    TokenSet tokens = storedTokens("a1", "rt-1");
    tokens.idToken = FakeAuthority::idToken("user-alice", std::nullopt);
    fixture.store.save(tokens);
    ASSERT_TRUE(fixture.session.restore());

    const std::string url = fixture.session.logout().endSessionUrl;
    ASSERT_EQ(url.rfind(std::string(FakeAuthority::issuer) + "/logout?", 0), 0u) << url;
    const auto query = FakeAuthority::queryOf(url);
    EXPECT_EQ(query.at("post_logout_redirect_uri"), "com.deskauth.desktop:/logout-callback");
    ASSERT_TRUE(query.count("state"));
    const std::string state = query.at("state");
    EXPECT_GE(state.size(), 43u) << "256 bits of randomness";

    const std::string back = "com.deskauth.desktop:/logout-callback";
    EXPECT_FALSE(fixture.session.acceptLogoutReturn("com.deskauth.desktop:/callback?code=c&state=" + state));
    for (const std::string& stray : {back, back + "?state=", back + "?state=forged", back + "?state=" + state + "x"}) {
        try {
            fixture.session.acceptLogoutReturn(stray);
            ADD_FAILURE() << "accepted " << stray;
        } catch (const StrayResponse& e) {
            EXPECT_EQ(e.code(), "unknown_logout_state") << stray;
            EXPECT_FALSE(e.id().empty());
        }
    }
    EXPECT_TRUE(fixture.session.acceptLogoutReturn(back + "?state=" + state));
    EXPECT_THROW(fixture.session.acceptLogoutReturn(back + "?state=" + state), StrayResponse) << "only once";
}
