// The session lifecycle of the issue through Authenticator over the real keyring: start-up with a
// saved session, a real login saved in the keyring, a restart that refreshes with the stored
// refresh token, rotation shared by two instances, and sign-out. The server is the real
// development authorization server (tools/authserver).
#include "KeyringTestSupport.h"

#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "oauth/TokenClient.h"
#include "storage/SecretServiceTokenStore.h"
#include "storage/TokenSetCodec.h"
#include "support/AuthServerSuite.h"
#include "support/LoginHelpers.h"
#include "support/ScriptedBrowser.h"
#include "support/TestPaths.h"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>
#include <gtest/gtest.h>

#include <future>
#include <thread>

using namespace deskauth;
using namespace deskauth::test;

namespace {

class NoBrowser final : public BrowserLauncher {
public:
    void open(const std::string&) override { ADD_FAILURE() << "no browser expected"; }
};

Configuration configFor(const std::string& authority) {
    return Configuration::parse(desktopConfigJson(authority, "https://127.0.0.1:1/api", 18231, 18233), "test.json",
                                sourceDir());
}

// An ID token as the store keeps it (its signature was checked when it was received).
std::string displayIdToken() {
    Poco::JWT::Token token;
    token.payload().set("sub", std::string("user-alice"));
    token.payload().set("name", std::string("Alice Smith"));
    token.payload().set("email", std::string("alice@example.com"));
    return Poco::JWT::Signer("test-only-key").sign(token, Poco::JWT::Signer::ALGO_HS256);
}

}  // namespace

// ---- start-up, no server needed: restoreSession() touches only the keyring ----------------------

TEST(SavedSession, AtStartUpASavedSessionSignsTheUserInWithoutTheNetwork) {
    const Configuration config = configFor("https://127.0.0.1:9/restore");
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    NoBrowser browser;
    TokenSet saved = uniqueTokens("restore");
    saved.idToken = displayIdToken();
    SecretServiceTokenStore(config.oauth.authority, config.oauth.clientId).save(saved);

    // The next start of the app: a new store object and a new Authenticator.
    SecretServiceTokenStore store(config.oauth.authority, config.oauth.clientId);
    Authenticator auth(config, transport, store, browser);
    EXPECT_TRUE(auth.restoreSession());
    EXPECT_TRUE(auth.isSignedIn());
    ASSERT_TRUE(auth.user());
    EXPECT_EQ(auth.user()->name, "Alice Smith");
    EXPECT_EQ(auth.accessToken(), saved.accessToken) << "a still valid access token is used as saved";
    store.clear();
}

TEST(SavedSession, AnEmptyKeyringMeansSignedOut) {
    const Configuration config = configFor("https://127.0.0.1:9/restore-empty");
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    NoBrowser browser;
    SecretServiceTokenStore store(config.oauth.authority, config.oauth.clientId);
    Authenticator auth(config, transport, store, browser);
    EXPECT_FALSE(auth.restoreSession());
    EXPECT_FALSE(auth.isSignedIn());
}

// Issue 21, item 5: not dropped silently. restoreSession says so (the app shows the message with
// its ID), the entry is gone, and the next start is an ordinary signed-out one.
TEST(SavedSession, ACorruptEntryAtStartUpIsRemovedAndReportedOnce) {
    const Configuration config = configFor("https://127.0.0.1:9/restore-corrupt");
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    NoBrowser browser;
    writeRawEntry(config.oauth.authority, config.oauth.clientId, "{\"v\":1,\"refresh_token\":");
    SecretServiceTokenStore store(config.oauth.authority, config.oauth.clientId);
    Authenticator auth(config, transport, store, browser);
    try {
        auth.restoreSession();
        ADD_FAILURE() << "the corrupt entry was not reported";
    } catch (const CorruptTokenEntry& e) {
        EXPECT_EQ(e.kind(), ErrorKind::Storage);
        EXPECT_EQ(e.userMessage(), "Your saved session could not be read and was removed. Please sign in again.");
        EXPECT_EQ(e.details().find("refresh_token\":"), std::string::npos) << "the details never quote the entry";
    }
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(rawEntryExists(config.oauth.authority, config.oauth.clientId));

    SecretServiceTokenStore nextStart(config.oauth.authority, config.oauth.clientId);
    Authenticator restarted(config, transport, nextStart, browser);
    EXPECT_FALSE(restarted.restoreSession()) << "told once: the next start finds nothing";
}

// ---- against the development authorization server ----------------------------------------------

class KeyringSession : public AuthServerSuite {
protected:
    void TearDown() override { SecretServiceTokenStore(config.oauth.authority, config.oauth.clientId).clear(); }

    Configuration config = configFor(authServer().issuer());
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};

    // One running copy of the app: its own store object over the shared keyring entry.
    struct Instance {
        SecretServiceTokenStore store;
        ScriptedBrowser browser;
        Authenticator auth;
        Instance(const Configuration& config, HttpTransport& transport)
            : store(config.oauth.authority, config.oauth.clientId), auth(config, transport, store, browser) {}
    };
    std::unique_ptr<Instance> start() { return std::make_unique<Instance>(config, transport); }

    static void login(Instance& app) {
        auto result = runLogin(app.auth, app.browser);
        ASSERT_TRUE(result) << "login did not complete";
        ASSERT_EQ(*result, nullptr);
    }
};

TEST_F(KeyringSession, ARealLoginIsSavedAndARestartRefreshesWithTheStoredRefreshToken) {
    TokenSet afterLogin;
    {
        auto app = start();
        login(*app);
        afterLogin = *SecretServiceTokenStore(config.oauth.authority, config.oauth.clientId).load();
        EXPECT_FALSE(afterLogin.refreshToken.empty());
        EXPECT_FALSE(afterLogin.idToken.empty());
        EXPECT_EQ(afterLogin.accessToken, app->auth.accessToken());
    }  // the app quits

    auto restarted = start();
    ASSERT_TRUE(restarted->auth.restoreSession());
    ASSERT_TRUE(restarted->auth.user());
    EXPECT_EQ(restarted->auth.user()->name, "Alice Smith");
    const int refreshes = authServer().stat("refresh_token");
    const int errors = authServer().stat("refresh_token_errors");
    const std::string fresh = restarted->auth.refreshAccessToken(restarted->auth.accessToken());
    EXPECT_NE(fresh, afterLogin.accessToken);
    EXPECT_EQ(authServer().stat("refresh_token"), refreshes + 1);
    EXPECT_EQ(authServer().stat("refresh_token_errors"), errors);

    const TokenSet afterRefresh = *restarted->store.load();
    EXPECT_EQ(afterRefresh.accessToken, fresh) << "the refresh was saved";
    EXPECT_NE(afterRefresh.refreshToken, afterLogin.refreshToken) << "the rotated refresh token was saved";
    EXPECT_EQ(afterRefresh.idToken.empty(), false);

    const auto leaks = filesContaining(keyringRoot(), {afterLogin.accessToken, afterLogin.refreshToken, afterLogin.idToken,
                                                       afterRefresh.accessToken, afterRefresh.refreshToken});
    EXPECT_TRUE(leaks.empty()) << leaks.front();
}

TEST_F(KeyringSession, ARotationByOneInstanceIsAdoptedByAnotherWithoutAReuseFailure) {
    {
        auto first = start();
        login(*first);
    }
    auto a = start();
    auto b = start();
    ASSERT_TRUE(a->auth.restoreSession());
    ASSERT_TRUE(b->auth.restoreSession());
    const std::string staleRefresh = b->store.load()->refreshToken;
    const std::string staleAccess = b->auth.accessToken();
    const int refreshes = authServer().stat("refresh_token");
    const int errors = authServer().stat("refresh_token_errors");

    // A's API call got a 401: A refreshes, the server rotates the refresh token, A saves both.
    const std::string fromA = a->auth.refreshAccessToken(a->auth.accessToken());
    EXPECT_EQ(authServer().stat("refresh_token"), refreshes + 1);

    // B still holds the tokens it loaded at start-up. Its 401 makes it re-read the keyring and adopt
    // A's newer tokens instead of presenting the rotated-out refresh token.
    EXPECT_EQ(b->auth.refreshAccessToken(staleAccess), fromA);
    EXPECT_EQ(authServer().stat("refresh_token"), refreshes + 1) << "B needed no refresh of its own";

    // Then B refreshes for real with the adopted refresh token, and A adopts B's rotation in turn.
    const std::string fromB = b->auth.refreshAccessToken(fromA);
    EXPECT_NE(fromB, fromA);
    EXPECT_EQ(a->auth.refreshAccessToken(fromA), fromB);
    EXPECT_EQ(authServer().stat("refresh_token"), refreshes + 2);
    EXPECT_EQ(authServer().stat("refresh_token_errors"), errors) << "the server saw no reuse and no failure";
    EXPECT_TRUE(a->auth.isSignedIn());
    EXPECT_TRUE(b->auth.isSignedIn());

    // What B avoided: the refresh token it loaded at start-up is dead (and presenting it again is
    // reuse, which ends the grant — so this check comes last).
    Discovery discovery(transport, config.oauth.authority);
    TokenClient client(transport, discovery, config.oauth.clientId);
    EXPECT_THROW(client.refresh(staleRefresh), LoginRequired);
}

TEST_F(KeyringSession, SignOutDeletesTheEntryForEveryInstance) {
    auto a = start();
    login(*a);
    auto b = start();
    ASSERT_TRUE(b->auth.restoreSession());
    a->auth.logout();
    EXPECT_FALSE(a->auth.isSignedIn());
    EXPECT_FALSE(a->store.load());
    EXPECT_FALSE(rawEntryExists(config.oauth.authority, config.oauth.clientId)) << "secret-tool finds nothing";
    auto next = start();
    EXPECT_FALSE(next->auth.restoreSession()) << "the next start is signed out";
    // B, still running, finds its session revoked at the next refresh and ends it too.
    EXPECT_THROW(b->auth.refreshAccessToken(b->auth.accessToken()), LoginRequired);
    EXPECT_FALSE(b->auth.isSignedIn());
}
