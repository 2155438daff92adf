// Pushed authorization requests (RFC 9126) against the real development authorization server,
// started per test with the PAR setting the test needs (tools/authserver --par off|on|required),
// through the real Authenticator, loopback listener and transport.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "oauth/DpopKey.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerProcess.h"
#include "support/LoginHelpers.h"
#include "support/QueryParameter.h"
#include "support/ScriptedBrowser.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <Poco/URI.h>
#include <gtest/gtest.h>


using namespace deskauth;
using namespace deskauth::test;

namespace {

std::vector<std::string> parameterNames(const std::string& url) {
    std::vector<std::string> names;
    for (const auto& [name, value] : Poco::URI(url).getQueryParameters()) names.push_back(name);
    return names;
}

class ParLogin : public ::testing::Test {
protected:
    // A request_uri lifetime (--par-ttl) no loaded machine outlasts between the push and the
    // browser: the expiry test ends it through the server's test endpoint instead of waiting.
    void start(const std::string& par, ParMode mode = ParMode::IfSupported, std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--par", par, "--par-ttl", "60"};
        args.insert(args.end(), extra.begin(), extra.end());
        server = std::make_unique<AuthServerProcess>(args);
        config = Configuration::parse(desktopConfigJson(server->issuer(), "https://127.0.0.1:1/api", 18451, 18453),
                                      "test.json", sourceDir());
        config.oauth.par = mode;
        transport = std::make_unique<PocoHttpTransport>(TransportSettings{config.tls.extraCaFile});
        auth = std::make_unique<Authenticator>(config, *transport, store, browser);
    }
    std::exception_ptr login() {
        auto result = runLogin(*auth, browser);
        if (!result) ADD_FAILURE() << "login did not complete";
        return result.value_or(nullptr);
    }
    int expirePushedRequests() {
        HttpRequest request{"POST", server->issuer() + "/test/expire-pushed-requests", {}, "", ""};
        const HttpResponse response = transport->send(request);
        EXPECT_EQ(response.status, 200);
        return std::stoi(response.body.substr(response.body.find(':') + 1));
    }

    std::unique_ptr<AuthServerProcess> server;
    Configuration config;
    std::unique_ptr<PocoHttpTransport> transport;
    MemoryTokenStore store;
    ScriptedBrowser browser;
    std::unique_ptr<Authenticator> auth;
};

}  // namespace

// §4: the browser gets client_id and request_uri only; PKCE, the redirect URI, the scope, state
// and nonce went to the server directly (§1), and the sign-in completes with them.
TEST_F(ParLogin, SignInPushesTheParametersAndTheBrowserGetsOnlyTheReference) {
    start("on", ParMode::IfSupported, {"--dpop", "off"});
    ASSERT_EQ(login(), nullptr);
    ASSERT_EQ(browser.urls.size(), 1u);
    EXPECT_EQ(parameterNames(browser.urls[0]), (std::vector<std::string>{"client_id", "request_uri"}));
    EXPECT_EQ(queryParameter(browser.urls[0], "request_uri").value_or("").rfind("urn:ietf:params:oauth:request_uri:", 0), 0u);
    EXPECT_EQ(server->stat("pushed_authorization_requests"), 1);
    EXPECT_EQ(server->stat("authorization_code"), 1);
    ASSERT_TRUE(store.load());
    EXPECT_FALSE(store.load()->refreshToken.empty());
}

// RFC 9449 §10.1: with DPoP the pushed parameters carry dpop_jkt, so the code is bound to the key.
TEST_F(ParLogin, WithDpopThePushedRequestBindsTheCodeToTheKey) {
    start("on", ParMode::IfSupported, {"--dpop", "on"});
    ASSERT_EQ(login(), nullptr);
    EXPECT_EQ(parameterNames(browser.urls.at(0)), (std::vector<std::string>{"client_id", "request_uri"}));
    const auto saved = store.load();
    ASSERT_TRUE(saved);
    EXPECT_EQ(saved->tokenType, "DPoP");
    EXPECT_EQ(server->stat("dpop_bound_grants"), 1);
    EXPECT_EQ(server->stat("pushed_authorization_requests"), 1);
}

// A server without PAR: the parameters go in the URL as before, and "required" refuses it
// before any browser opens.
TEST_F(ParLogin, WithoutParTheUrlCarriesTheParametersAndRequiredRefusesTheServer) {
    start("off");
    ASSERT_EQ(login(), nullptr);
    ASSERT_EQ(browser.urls.size(), 1u);
    EXPECT_TRUE(queryParameter(browser.urls[0], "code_challenge").has_value());
    EXPECT_TRUE(queryParameter(browser.urls[0], "redirect_uri").has_value());
    EXPECT_EQ(queryParameter(browser.urls[0], "request_uri"), std::nullopt);
    EXPECT_EQ(server->stat("pushed_authorization_requests"), 0);

    auth->logout();
    config.oauth.par = ParMode::Required;
    auto required = std::make_unique<Authenticator>(config, *transport, store, browser);
    auto result = runLogin(*required, browser);
    ASSERT_TRUE(result);
    EXPECT_EQ(codeOf(*result), "par_unsupported");
    EXPECT_EQ(browser.urls.size(), 1u) << "no browser opened for the refused sign-in";
}

// oauth.par "off" against a server that requires PAR (§5 require_pushed_authorization_requests):
// the provider refuses the plain request; with the default the same server signs in.
TEST_F(ParLogin, ServerRequiringParSignsInWithTheDefaultSetting) {
    start("required");
    ASSERT_EQ(login(), nullptr);
    EXPECT_EQ(parameterNames(browser.urls.at(0)), (std::vector<std::string>{"client_id", "request_uri"}));

    // The provider answers the plain request with invalid_request back at the redirect URI
    // (oidc-provider: "Pushed Authorization Request must be used").
    config.oauth.par = ParMode::Off;
    MemoryTokenStore otherStore;
    ScriptedBrowser plainBrowser;
    Authenticator plain(config, *transport, otherStore, plainBrowser);
    auto result = runLogin(plain, plainBrowser);
    ASSERT_TRUE(result);
    EXPECT_EQ(codeOf(*result), "invalid_request");
    ASSERT_EQ(plainBrowser.urls.size(), 1u);
    EXPECT_TRUE(queryParameter(plainBrowser.urls[0], "code_challenge").has_value());
    EXPECT_FALSE(otherStore.load());
}

// The user waited too long: the pushed request expired, the provider shows its error page
// (invalid_request_uri) and the next Sign In pushes a fresh request instead of reusing it.
TEST_F(ParLogin, ExpiredRequestUriStartsAFreshPushOnRetry) {
    start("on");
    browser.drive = false;  // the user leaves the tab
    auth->startLogin([](std::exception_ptr) {});  // the retry below replaces this callback
    ASSERT_EQ(browser.urls.size(), 1u);
    const std::string stale = browser.urls[0];
    EXPECT_EQ(expirePushedRequests(), 1);

    TestBrowser tab;
    const HttpResponse page = tab.get(stale);
    EXPECT_EQ(page.status, 400);
    EXPECT_NE(page.body.find("invalid_request_uri"), std::string::npos) << page.body.substr(0, 400);

    // Sign In again: an attempt of the same login, with its own push.
    browser.drive = true;
    ASSERT_EQ(login(), nullptr);
    ASSERT_EQ(browser.urls.size(), 2u);
    EXPECT_NE(queryParameter(browser.urls[1], "request_uri"), queryParameter(stale, "request_uri"));
    EXPECT_EQ(server->stat("pushed_authorization_requests"), 2);
    EXPECT_EQ(server->stat("authorization_code"), 1);
    EXPECT_TRUE(store.load());
}
