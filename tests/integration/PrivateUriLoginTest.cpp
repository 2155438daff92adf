// Private-URI mode against the real authorization server: the browser's redirect to
// com.deskauth.desktop:/callback reaches the app through the single-instance channel, as a second
// process started by the OS would deliver it.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "redirect/SingleInstance.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerProcess.h"
#include "support/LoginHelpers.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <future>

using namespace deskauth;
using namespace deskauth::test;

namespace {

Configuration privateConfig(const std::string& issuer) {
    std::string json = desktopConfigJson(issuer);
    json.replace(json.find(R"("mode": "loopback")"), 18, R"("mode": "private-uri")");
    return Configuration::parse(json, "test.json", sourceDir());
}

// Signs in through the browser and returns the private-scheme redirect the server sent it to.
std::string signInAndGetRedirect(Authenticator& auth, RecordingBrowser& browser, const std::string& user,
                                 const std::string& password, std::promise<std::exception_ptr>& done) {
    auth.startLogin([&done](std::exception_ptr e) { done.set_value(e); });
    TestBrowser tab;
    return tab.signIn(browser.last(), user, password, "approve", /*deliver=*/false).redirectUrl;
}

}  // namespace

TEST(PrivateUriLogin, ForwardedRedirectCompletesTheLoginAndForgedOnesAreRefused) {
    AuthServerProcess server;
    Configuration config = privateConfig(server.issuer());
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    MemoryTokenStore store;
    RecordingBrowser browser;
    Authenticator auth(config, transport, store, browser);

    std::promise<std::exception_ptr> done;
    const std::string redirect = signInAndGetRedirect(auth, browser, "bob", "Bob-Pass-1", done);
    ASSERT_EQ(browser.count(), 1u);
    EXPECT_NE(browser.url(0).find("redirect_uri=com.deskauth.desktop%3A%2Fcallback"), std::string::npos);
    EXPECT_EQ(auth.listenerPort(), 0) << "no loopback listener in private-URI mode";
    ASSERT_EQ(redirect.rfind("com.deskauth.desktop:/callback?", 0), 0u) << redirect;

    // The running app's channel; a second process forwards what the OS gave it.
    const std::string socket = "/tmp/deskauth-it-" + std::to_string(::getpid()) + ".sock";
    std::vector<std::exception_ptr> handled;
    std::mutex mutex;
    SingleInstance channel(socket, [&](const std::string& url) {
        auto error = auth.handleRedirectUrl(url);
        std::lock_guard lock(mutex);
        handled.push_back(error);
    });

    // A forged URL first: refused, and the login keeps waiting.
    ASSERT_TRUE(SingleInstance::forward(socket, "com.deskauth.desktop:/callback?code=stolen&state=forged"));
    ASSERT_TRUE(SingleInstance::forward(socket, "com.evil.app:/callback?code=stolen&state=forged"));
    for (int i = 0; i < 50; ++i) {
        std::lock_guard lock(mutex);
        if (handled.size() == 2) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    {
        std::lock_guard lock(mutex);
        ASSERT_EQ(handled.size(), 2u);
        EXPECT_EQ(codeOf(handled[0]), "unknown_state");
        EXPECT_EQ(codeOf(handled[1]), "invalid_redirect_url");
    }
    EXPECT_TRUE(auth.loginInProgress());
    EXPECT_EQ(server.stat("authorization_code") + server.stat("authorization_code_errors"), 0);

    ASSERT_TRUE(SingleInstance::forward(socket, redirect));
    auto future = done.get_future();
    ASSERT_EQ(future.wait_for(std::chrono::seconds(20)), std::future_status::ready);
    EXPECT_EQ(future.get(), nullptr);
    EXPECT_EQ(auth.user()->name, "Bob Jones");
    EXPECT_EQ(server.stat("authorization_code"), 1);

    // The same response again (replay) is refused.
    EXPECT_EQ(codeOf(auth.handleRedirectUrl(redirect)), "unknown_state");
}

TEST(PrivateUriLogin, OidcLogoutOpensEndSessionWithHintAndPostLogoutRedirect) {
    AuthServerProcess server;
    Configuration config = privateConfig(server.issuer());
    config.oauth.logoutMode = LogoutMode::Oidc;
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    MemoryTokenStore store;
    RecordingBrowser browser;
    Authenticator auth(config, transport, store, browser);
    std::promise<std::exception_ptr> done;
    EXPECT_EQ(auth.handleRedirectUrl(signInAndGetRedirect(auth, browser, "alice", "Alice-Pass-1", done)), nullptr);
    const std::string idToken = store.load()->idToken;

    const LogoutResult result = auth.logout();
    EXPECT_TRUE(result.serverConfirmed);
    const std::string url = result.endSessionUrl;
    ASSERT_FALSE(url.empty());
    EXPECT_EQ(browser.last(), url) << "the browser was opened at the end-session endpoint";
    EXPECT_NE(url.find("id_token_hint=" + idToken), std::string::npos);
    EXPECT_NE(url.find("post_logout_redirect_uri=com.deskauth.desktop%3A%2Flogout-callback"), std::string::npos);
    EXPECT_NE(url.find("&state="), std::string::npos) << "RP-Initiated Logout §2 state";
    EXPECT_FALSE(store.load());
    EXPECT_EQ(server.stat("revoked_refresh_tokens"), 1);
    // The server accepts it: the page it answers is its logout confirmation, not an error.
    TestBrowser tab;
    auto page = tab.get(url);
    EXPECT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("logout"), std::string::npos);

    // The user confirms; the server sends the browser back with the state, which the app accepts
    // once. A forged return (another state, or none) is refused and changes nothing.
    const std::string back = TestBrowser().signOut(url);
    ASSERT_EQ(back.rfind("com.deskauth.desktop:/logout-callback?", 0), 0u) << back;
    EXPECT_EQ(server.stat("end_sessions"), 1);
    for (const std::string forged : {"com.deskauth.desktop:/logout-callback", "com.deskauth.desktop:/logout-callback?state=forged"}) {
        EXPECT_THROW(auth.acceptLogoutReturn(forged), StrayResponse) << forged;
    }
    EXPECT_TRUE(auth.acceptLogoutReturn(back));
    EXPECT_THROW(auth.acceptLogoutReturn(back), StrayResponse) << "a replayed logout return";
}
