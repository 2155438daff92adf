// The integration tests that make sense for any OpenID Provider, run once per provider
// (tests/CMakeLists.txt registers this binary for oidc-provider and for Glewlwyd, chosen by
// DESKAUTH_TEST_PROVIDER, inside tests/support/with-keyring for the restart case): sign-in through
// the loopback listener, refresh with rotation, concurrent callers, a refused refresh, restart from
// the keyring, sign-out with revocation, and the device flow. Only what every provider answers is
// checked here (no server-side counters: Glewlwyd has none); what one provider does differently is
// in its TestProvider. Loopback ports 18271-18273.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "oauth/Discovery.h"
#include "oauth/TokenClient.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "storage/SecretServiceTokenStore.h"
#include "support/LoginHelpers.h"
#include "support/ScriptedBrowser.h"
#include "support/TestProvider.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

using namespace deskauth;
using namespace deskauth::test;
using namespace std::chrono_literals;

namespace {

constexpr int kFirstPort = 18271;
constexpr int kLastPort = 18273;

class AnyProvider : public ::testing::Test {
protected:
    // One provider for the suite: Glewlwyd's start and configuration take seconds.
    static void SetUpTestSuite() {
        try {
            provider_ = startTestProvider(kFirstPort, kLastPort);
        } catch (const std::exception& e) {
            startError_ = e.what();
        }
    }
    static void TearDownTestSuite() { provider_.reset(); }

    void SetUp() override {
        ASSERT_TRUE(provider_) << "the provider did not start: " << startError_;
        config = std::make_unique<Configuration>(provider_->configuration());
        transport = std::make_unique<PocoHttpTransport>(TransportSettings{config->tls.extraCaFile});
        browser.signInWith = [](const std::string& url) { return provider_->signIn(url, "alice", "Alice-Pass-1"); };
    }

    // Runs a login to completion and returns its error (nullptr on success).
    std::exception_ptr login(Authenticator& auth) {
        auto result = runLogin(auth, browser);
        if (!result) ADD_FAILURE() << "login did not complete";
        return result.value_or(nullptr);
    }

    // A refresh of `refreshToken` straight at the token endpoint, as another copy of the app would.
    void refreshDirectly(const std::string& refreshToken) {
        Discovery discovery(*transport, config->oauth.authority);
        TokenClient(*transport, discovery, config->oauth.clientId).refresh(refreshToken);
    }

    static std::unique_ptr<TestProvider> provider_;
    static std::string startError_;
    std::unique_ptr<Configuration> config;
    std::unique_ptr<PocoHttpTransport> transport;
    MemoryTokenStore store;
    ScriptedBrowser browser;
};

std::unique_ptr<TestProvider> AnyProvider::provider_;
std::string AnyProvider::startError_;

}  // namespace

TEST_F(AnyProvider, SignsInThroughTheLoopbackListenerAndValidatesTheIdToken) {
    Authenticator auth(*config, *transport, store, browser);
    ASSERT_EQ(login(auth), nullptr) << provider_->name();
    ASSERT_EQ(browser.results.size(), 1u);
    const auto& result = browser.results[0];
    EXPECT_EQ(result.redirectUrl.rfind("http://127.0.0.1:18271/callback?", 0), 0u) << result.redirectUrl;
    EXPECT_EQ(result.page.status, 200);
    EXPECT_NE(result.page.body.find("You can close this tab and return to DeskAuth"), std::string::npos);

    EXPECT_TRUE(auth.isSignedIn());
    ASSERT_TRUE(auth.user());
    EXPECT_EQ(auth.user()->name, "Alice Smith");
    EXPECT_EQ(auth.user()->email, "alice@example.com");
    const auto saved = store.load();
    ASSERT_TRUE(saved);
    EXPECT_FALSE(saved->refreshToken.empty()) << "offline_access gives a refresh token";
    EXPECT_FALSE(saved->idToken.empty());
    EXPECT_NE(saved->scope.find("api.read"), std::string::npos) << saved->scope;
}

TEST_F(AnyProvider, RefreshRotatesTheRefreshTokenAndTheOldOneIsRefused) {
    Authenticator auth(*config, *transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    const std::string firstAccess = auth.accessToken();
    const std::string firstRefresh = store.load()->refreshToken;
    const std::string grantedScope = store.load()->scope;

    const std::string second = auth.refreshAccessToken(firstAccess);
    EXPECT_NE(second, firstAccess);
    EXPECT_EQ(auth.accessToken(), second);
    EXPECT_NE(store.load()->refreshToken, firstRefresh) << "rotation: a new refresh token is stored";
    EXPECT_EQ(store.load()->scope, grantedScope) << "RFC 6749 §6: the same scope after a refresh";
    // RFC 9700 §4.14.2: a rotated refresh token is refused when used again. oidc-provider answers
    // invalid_grant, Glewlwyd 400 with an empty body: both mean "sign in again".
    EXPECT_THROW(refreshDirectly(firstRefresh), LoginRequired);
}

TEST_F(AnyProvider, ConcurrentCallersOfAnExpiredAccessTokenShareOneRefresh) {
    Authenticator auth(*config, *transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    const std::string firstRefresh = store.load()->refreshToken;
    auth.expireAccessToken();
    const std::string corrupted = auth.accessToken();
    std::mutex mutex;
    std::set<std::string> fresh;
    std::vector<std::string> errors;
    std::vector<std::thread> callers;
    for (int i = 0; i < 6; ++i) {
        callers.emplace_back([&] {
            try {
                const std::string token = auth.refreshAccessToken(corrupted);
                std::lock_guard lock(mutex);
                fresh.insert(token);
            } catch (const std::exception& e) {
                std::lock_guard lock(mutex);
                errors.emplace_back(e.what());
            }
        });
    }
    for (auto& t : callers) t.join();
    // A second refresh with the same (one-use) refresh token would be refused or give another token.
    EXPECT_TRUE(errors.empty()) << errors.front();
    ASSERT_EQ(fresh.size(), 1u) << "single flight: every caller gets the one new token";
    EXPECT_NE(*fresh.begin(), corrupted);
    EXPECT_NE(store.load()->refreshToken, firstRefresh);
}

TEST_F(AnyProvider, ARefreshTokenTheServerRefusesEndsTheSession) {
    Authenticator auth(*config, *transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    auth.expireRefreshToken();
    EXPECT_THROW(auth.refreshAccessToken(auth.accessToken()), LoginRequired);
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(store.load()) << "a dead session is removed from storage";
}

TEST_F(AnyProvider, ARestartSignsInFromTheKeyringAndRefreshesWithTheStoredToken) {
    SecretServiceTokenStore keyring(config->oauth.authority, config->oauth.clientId);
    std::string firstRefresh;
    {
        Authenticator first(*config, *transport, keyring, browser);
        ASSERT_EQ(login(first), nullptr);
        firstRefresh = keyring.load()->refreshToken;
    }
    // The next start of the app: a new store object and a new Authenticator, no browser.
    SecretServiceTokenStore restartedStore(config->oauth.authority, config->oauth.clientId);
    RecordingBrowser noBrowser;
    Authenticator restarted(*config, *transport, restartedStore, noBrowser);
    ASSERT_TRUE(restarted.restoreSession());
    ASSERT_TRUE(restarted.user());
    EXPECT_EQ(restarted.user()->name, "Alice Smith");
    const std::string saved = restarted.accessToken();
    EXPECT_NE(restarted.refreshAccessToken(saved), saved) << "the stored refresh token works after the restart";
    EXPECT_NE(restartedStore.load()->refreshToken, firstRefresh) << "the rotated token is in the keyring";
    EXPECT_EQ(noBrowser.count(), 0u);
    restartedStore.clear();
}

TEST_F(AnyProvider, SignOutRevokesTheRefreshTokenAtTheServer) {
    Authenticator auth(*config, *transport, store, browser);
    ASSERT_EQ(login(auth), nullptr);
    const std::string refreshToken = store.load()->refreshToken;
    EXPECT_TRUE(auth.logout().serverConfirmed) << "RFC 7009 §2.2: the server answered 200";
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(store.load());
    EXPECT_THROW(refreshDirectly(refreshToken), LoginRequired) << "the revoked refresh token no longer works";
}

TEST_F(AnyProvider, DeviceFlowApprovedOnAnotherDeviceSignsIn) {
    RecordingBrowser noBrowser;
    Authenticator auth(*config, *transport, store, noBrowser);
    ASSERT_TRUE(auth.deviceLoginAvailable()) << "discovery lists a device_authorization_endpoint";
    std::promise<DeviceSignInPrompt> shown;
    std::promise<std::exception_ptr> done;
    auth.startDeviceLogin([&](const DeviceSignInPrompt& prompt) { shown.set_value(prompt); },
                          [&](std::exception_ptr error) { done.set_value(error); });
    const DeviceSignInPrompt prompt = shown.get_future().get();
    EXPECT_FALSE(prompt.userCode.empty());
    EXPECT_EQ(prompt.verificationUri.rfind(provider_->issuer(), 0), 0u) << prompt.verificationUri;

    EXPECT_TRUE(provider_->approveDevice(prompt, "alice", "Alice-Pass-1"));
    auto result = done.get_future();
    if (result.wait_for(30s) != std::future_status::ready) {
        auth.cancelLogin();
        FAIL() << "the device login did not complete";
    }
    EXPECT_EQ(codeOf(result.get()), "(none)");
    EXPECT_TRUE(auth.isSignedIn());
    ASSERT_TRUE(auth.user());
    EXPECT_EQ(auth.user()->name, "Alice Smith");
    ASSERT_TRUE(store.load());
    EXPECT_FALSE(store.load()->refreshToken.empty());
    EXPECT_EQ(noBrowser.count(), 0u);
}
