// The loopback login against the real development authorization server (node + oidc-provider),
// with TestBrowser playing the user's browser over HTTP.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "oauth/DpopKey.h"
#include "oauth/TokenClient.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerSuite.h"
#include "support/LoginHelpers.h"
#include "support/ScriptedBrowser.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>

#include <future>
#include <thread>

using namespace deskauth;
using namespace deskauth::test;

namespace {

class LoginFlow : public AuthServerSuite {
protected:
    Configuration config = Configuration::parse(desktopConfigJson(authServer().issuer(), "https://127.0.0.1:1/api", 18201, 18203),
                                                "test.json", sourceDir());
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    MemoryTokenStore store;
    ScriptedBrowser browser;

    // Runs a login to completion and returns its error (nullptr on success).
    std::exception_ptr login(Authenticator& auth) {
        auto result = runLogin(auth, browser);
        if (!result) ADD_FAILURE() << "login did not complete";
        return result.value_or(nullptr);
    }
};

}  // namespace

TEST_F(LoginFlow, SignsInThroughTheLoopbackListenerAndValidatesTheIdToken) {
    Authenticator auth(config, transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    ASSERT_EQ(browser.results.size(), 1u);
    const auto& result = browser.results[0];
    EXPECT_EQ(result.redirectUrl.rfind("http://127.0.0.1:18201/callback?", 0), 0u) << result.redirectUrl;
    EXPECT_NE(result.redirectUrl.find("iss="), std::string::npos) << "RFC 9207 iss is sent by the server";
    EXPECT_EQ(result.page.status, 200);
    EXPECT_NE(result.page.body.find("You can close this tab and return to DeskAuth"), std::string::npos);

    EXPECT_TRUE(auth.isSignedIn());
    ASSERT_TRUE(auth.user());
    EXPECT_EQ(auth.user()->name, "Alice Smith");
    EXPECT_EQ(auth.user()->email, "alice@example.com");
    EXPECT_FALSE(auth.loginInProgress());
    auto saved = store.load();
    ASSERT_TRUE(saved);
    EXPECT_FALSE(saved->refreshToken.empty()) << "offline_access gives a refresh token";
    EXPECT_FALSE(saved->idToken.empty());
    EXPECT_EQ(authServer().stat("authorization_code") >= 1, true);
}

TEST_F(LoginFlow, RefreshRotatesTheRefreshTokenAndTheOldOneIsRefused) {
    Authenticator auth(config, transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    const std::string firstAccess = auth.accessToken();
    const std::string firstRefresh = store.load()->refreshToken;
    const std::string grantedScope = store.load()->scope;
    EXPECT_NE(grantedScope.find("api.read"), std::string::npos) << grantedScope;
    const int refreshesBefore = authServer().stat("refresh_token");

    const std::string second = auth.refreshAccessToken(firstAccess);
    EXPECT_NE(second, firstAccess);
    EXPECT_NE(store.load()->refreshToken, firstRefresh) << "rotation: a new refresh token is stored";
    EXPECT_EQ(store.load()->scope, grantedScope) << "RFC 6749 §6: the same scope after a refresh";
    EXPECT_EQ(authServer().stat("refresh_token"), refreshesBefore + 1);

    Discovery discovery(transport, config.oauth.authority);
    TokenClient client(transport, discovery, config.oauth.clientId);
    EXPECT_THROW(client.refresh(firstRefresh), LoginRequired) << "a used refresh token is invalid_grant";
}

TEST_F(LoginFlow, ExpiredAccessTokenIsRenewedByOneRefresh) {
    Authenticator auth(config, transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    auth.expireAccessToken();
    const std::string corrupted = auth.accessToken();
    const int before = authServer().stat("refresh_token");
    std::vector<std::thread> callers;
    std::atomic<int> fresh{0};
    for (int i = 0; i < 6; ++i) {
        callers.emplace_back([&] {
            if (auth.refreshAccessToken(corrupted) != corrupted) ++fresh;
        });
    }
    for (auto& t : callers) t.join();
    EXPECT_EQ(fresh, 6);
    EXPECT_EQ(authServer().stat("refresh_token"), before + 1) << "single flight: one refresh for all callers";
}

TEST_F(LoginFlow, CorruptedRefreshTokenIsRejectedByTheServerAsLoginRequired) {
    Authenticator auth(config, transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    auth.expireRefreshToken();
    const std::string corrupted = auth.accessToken();
    EXPECT_THROW(auth.refreshAccessToken(corrupted), LoginRequired);
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(store.load()) << "a dead session is removed from storage";
}

TEST_F(LoginFlow, CorruptedAccessTokenIsRejectedByUserinfo) {
    // Without the API scope the access token is one the server's userinfo endpoint accepts.
    Configuration userinfoConfig = config;
    userinfoConfig.oauth.scopes = {"openid", "profile", "email", "offline_access"};
    // A bearer token: TokenClient::userinfo (a test helper, the app does not call it) sends no
    // DPoP proof, and the server refuses a bound token without one (RFC 9449 §7.2).
    userinfoConfig.oauth.dpop = DpopMode::Off;
    Authenticator auth(userinfoConfig, transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    Discovery discovery(transport, config.oauth.authority);
    TokenClient client(transport, discovery, config.oauth.clientId);
    auto claims = client.userinfo(auth.accessToken());
    EXPECT_EQ(claims->getValue<std::string>("sub"), auth.user()->subject);
    EXPECT_EQ(claims->getValue<std::string>("email"), "alice@example.com");
    auth.expireAccessToken();
    try {
        client.userinfo(auth.accessToken());
        FAIL() << "a corrupted access token was accepted";
    } catch (const ServerError& e) {
        EXPECT_EQ(e.code(), "invalid_token");
        EXPECT_EQ(e.httpStatus(), 401);
    }
}

TEST_F(LoginFlow, LogoutRevokesTheRefreshTokenAtTheServer) {
    Authenticator auth(config, transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    const std::string refreshToken = store.load()->refreshToken;
    const int before = authServer().stat("revocations");
    EXPECT_TRUE(auth.logout().serverConfirmed);
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(store.load());
    EXPECT_EQ(authServer().stat("revocations"), before + 1);
    Discovery discovery(transport, config.oauth.authority);
    TokenClient client(transport, discovery, config.oauth.clientId);
    EXPECT_THROW(client.refresh(refreshToken), LoginRequired) << "the revoked refresh token no longer works";
}

// oidc-provider accepts only Basic client authentication in an Authorization header, so it
// refuses a revocation with oauth.revocationAuth "bearer" (400 invalid_request): Sign Out must then
// say the server did not confirm, and indeed the refresh token still works there.
TEST_F(LoginFlow, ARevocationTheServerRefusesIsReportedAsUnconfirmed) {
    Configuration bearerConfig = config;
    bearerConfig.oauth.revocationAuth = RevocationAuth::Bearer;
    Authenticator auth(bearerConfig, transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    const std::string refreshToken = store.load()->refreshToken;
    // The refresh token is DPoP-bound (RFC 9449 §5): the check below needs the session's key.
    const DpopKey key = DpopKey::fromPem(store.load()->dpopKey);
    const int before = authServer().stat("revocations");
    EXPECT_FALSE(auth.logout().serverConfirmed);
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(store.load()) << "the local session ends all the same";
    EXPECT_EQ(authServer().stat("revocations"), before);
    Discovery discovery(transport, config.oauth.authority);
    TokenClient client(transport, discovery, config.oauth.clientId);
    EXPECT_NO_THROW(client.refresh(refreshToken, &key)) << "the grant is alive at the server";
}

TEST_F(LoginFlow, DeclinedConsentReachesTheAppAsAccessDenied) {
    browser.decision = "deny";
    Authenticator auth(config, transport, store, browser);
    EXPECT_EQ(codeOf(login(auth)), "access_denied");
    ASSERT_EQ(browser.results.size(), 1u);
    EXPECT_NE(browser.results[0].page.body.find("access_denied"), std::string::npos) << "the error page shows the code";
    EXPECT_FALSE(auth.isSignedIn());
}

TEST_F(LoginFlow, CancelStopsWaitingAndFreesThePort) {
    browser.drive = false;  // the user never finishes in the browser
    Authenticator auth(config, transport, store, browser);
    std::promise<std::exception_ptr> done;
    auth.startLogin([&](std::exception_ptr e) { done.set_value(e); });
    const int port = auth.listenerPort();
    EXPECT_EQ(port, 18201);
    auth.cancelLogin();
    EXPECT_EQ(codeOf(done.get_future().get()), "cancelled");
    EXPECT_FALSE(auth.loginInProgress());
    Poco::Net::ServerSocket reuse;
    EXPECT_NO_THROW(reuse.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), true, false));
}
