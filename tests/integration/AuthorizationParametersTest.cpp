// The optional authorization request parameters (issue 19 items 2 and 8) against the real
// development authorization server (oidc-provider), which, like any provider that follows OpenID
// Connect Core §11, grants offline_access only with prompt=consent, and knows one resource.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "oauth/Base64Url.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerSuite.h"
#include "support/JwtParts.h"
#include "support/LoginHelpers.h"
#include "support/QueryParameter.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <functional>
#include <future>
#include <sstream>

using namespace deskauth;
using namespace deskauth::test;

namespace {

class AuthorizationParameters : public AuthServerSuite {
protected:
    // The test configuration with `edit` applied to its oauth section.
    Configuration configWith(const std::function<void(Poco::JSON::Object&)>& edit) {
        auto root = Poco::JSON::Parser()
                        .parse(desktopConfigJson(authServer().issuer(), "https://127.0.0.1:1/api", 18321, 18323, 60))
                        .extract<Poco::JSON::Object::Ptr>();
        edit(*root->getObject("oauth"));
        std::ostringstream text;
        Poco::JSON::Stringifier::stringify(root, text);
        return Configuration::parse(text.str(), "test.json", sourceDir());
    }

    // Signs alice in through the real server with `config`; returns the login's outcome (nullptr
    // on success). The authorization URL the app opened is in browser.url(0).
    std::exception_ptr signIn(const Configuration& config) {
        PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
        Authenticator auth(config, transport, store, browser);
        std::promise<std::exception_ptr> done;
        auth.startLogin([&](std::exception_ptr e) { done.set_value(e); });
        TestBrowser tab;
        tab.signIn(browser.url(0), "alice", "Alice-Pass-1");
        auto result = done.get_future();
        // Far beyond a sign-in's time: only a hang would reach it.
        if (result.wait_for(std::chrono::seconds(90)) != std::future_status::ready) throw std::runtime_error("no result");
        return result.get();
    }

    MemoryTokenStore store;
    RecordingBrowser browser;
};

}  // namespace

// OIDC Core §11: without prompt=consent the server drops offline_access, and the session would end
// with the access token. DeskAuth asks for consent by default, so it gets a refresh token.
TEST_F(AuthorizationParameters, OfflineAccessIsAskedWithConsentAndGivesARefreshToken) {
    ASSERT_EQ(signIn(configWith([](auto&) {})), nullptr);
    EXPECT_EQ(queryParameter(browser.url(0), "prompt"), "consent");
    const auto tokens = store.load();
    ASSERT_TRUE(tokens);
    EXPECT_FALSE(tokens->refreshToken.empty());
}

// The same request with the prompt turned off (oauth.prompt ""): the server, as OIDC Core §11
// allows, grants no offline access. This is what the default above prevents.
TEST_F(AuthorizationParameters, WithoutConsentPromptTheServerGivesNoRefreshToken) {
    ASSERT_EQ(signIn(configWith([](auto& oauth) { oauth.set("prompt", ""); })), nullptr);
    EXPECT_EQ(queryParameter(browser.url(0), "prompt"), std::nullopt);
    const auto tokens = store.load();
    ASSERT_TRUE(tokens);
    EXPECT_TRUE(tokens->refreshToken.empty());
}

// RFC 8707: the resource named in the configuration is the access token's audience, on the code
// exchange and on refresh; a resource the server does not know is refused with invalid_target.
TEST_F(AuthorizationParameters, TheConfiguredResourceIsTheAccessTokensAudience) {
    PocoHttpTransport transport{TransportSettings{devCertsDir() + "/ca.pem"}};
    const auto config = configWith([](auto& oauth) { oauth.set("resource", "urn:deskauth:api"); });
    ASSERT_EQ(signIn(config), nullptr);
    EXPECT_EQ(queryParameter(browser.url(0), "resource"), "urn:deskauth:api");
    const auto tokens = store.load();
    ASSERT_TRUE(tokens);
    EXPECT_EQ(jwtClaims(tokens->accessToken)->getValue<std::string>("aud"), "urn:deskauth:api");

    Authenticator auth(config, transport, store, browser);
    ASSERT_TRUE(auth.restoreSession());
    auth.refreshAccessToken(tokens->accessToken);
    const auto refreshed = store.load();
    ASSERT_TRUE(refreshed);
    EXPECT_NE(refreshed->accessToken, tokens->accessToken);
    EXPECT_EQ(jwtClaims(refreshed->accessToken)->getValue<std::string>("aud"), "urn:deskauth:api");
}

TEST_F(AuthorizationParameters, AnUnknownResourceIsRefusedByTheServer) {
    const auto outcome = signIn(configWith([](auto& oauth) { oauth.set("resource", "urn:deskauth:unknown"); }));
    ASSERT_NE(outcome, nullptr);
    try {
        std::rethrow_exception(outcome);
    } catch (const ServerError& e) {
        EXPECT_EQ(e.code(), "invalid_target");
    }
    EXPECT_FALSE(store.load());
}

// OIDC Core §3.1.2.1: with max_age the server must put auth_time in the ID token, and DeskAuth
// checks it; the development server does, so the sign-in succeeds, and the request carried it.
TEST_F(AuthorizationParameters, MaxAgeAndTheOtherOptionalParametersReachTheServer) {
    ASSERT_EQ(signIn(configWith([](auto& oauth) {
                  oauth.set("maxAgeSeconds", 600);
                  oauth.set("loginHint", "alice");
                  Poco::JSON::Object::Ptr extra = new Poco::JSON::Object;
                  extra->set("ui_locales", "en");
                  oauth.set("extraParameters", extra);
              })),
              nullptr);
    EXPECT_EQ(queryParameter(browser.url(0), "max_age"), "600");
    EXPECT_EQ(queryParameter(browser.url(0), "login_hint"), "alice");
    EXPECT_EQ(queryParameter(browser.url(0), "ui_locales"), "en");
    const auto tokens = store.load();
    ASSERT_TRUE(tokens);
    EXPECT_TRUE(jwtClaims(tokens->idToken)->has("auth_time"));
}
