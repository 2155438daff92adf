// The remembered account through the Authenticator on an in-process authority: a sign-in's
// account name is the next sign-in's login_hint (OIDC Core §3.1.2.1), kept in its file across
// runs; Switch Account forgets it and asks the provider to let the user choose.
#include "session/Authenticator.h"

#include "FakeAuthority.h"
#include "storage/MemoryTokenStore.h"
#include "support/LoginHelpers.h"

#include <gtest/gtest.h>

#include <Poco/TemporaryFile.h>

#include <filesystem>
#include <future>
#include <mutex>
#include <vector>

using namespace deskauth;
using namespace deskauth::test;

namespace {

struct Fixture {
    Poco::TemporaryFile folder;
    std::filesystem::path file = std::filesystem::path(folder.path()) / "account";
    FakeAuthority authority;
    Configuration config = FakeAuthority::config("private-uri");
    MemoryTokenStore store;
    RecordingBrowser browser;

    // A whole sign-in on `auth` whose ID token carries `claims`; returns the authorization URL's query.
    std::map<std::string, std::string> signIn(Authenticator& auth, const std::map<std::string, std::string>& claims,
                                              bool switchAccount = false) {
        std::promise<std::exception_ptr> done;
        auto callback = [&](std::exception_ptr e) { done.set_value(e); };
        if (switchAccount) {
            auth.switchAccount(callback);
        } else {
            auth.startLogin(callback);
        }
        const auto query = FakeAuthority::queryOf(browser.last());
        authority.onCode = [&](const std::map<std::string, std::string>&) {
            return FakeAuthority::tokens("a1", "rt-1", FakeAuthority::idToken("user-alice", query.at("nonce"), claims));
        };
        EXPECT_FALSE(auth.handleRedirectUrl(auth.privateRedirectUri() + "?code=c&state=" + query.at("state")));
        EXPECT_FALSE(done.get_future().get());
        return query;
    }
};

}  // namespace

TEST(AccountHint, TheNextSignInNamesTheLastAccountEvenAfterARestart) {
    Fixture f;
    {
        Authenticator auth(f.config, f.authority.transport, f.store, f.browser, f.file);
        const auto first = f.signIn(auth, {{"preferred_username", "alice"}, {"email", "alice@example.com"}});
        EXPECT_EQ(first.count("login_hint"), 0u) << "nobody signed in before";
        EXPECT_EQ(auth.rememberedAccount(), "alice") << "preferred_username before email";
        auth.logout();
        EXPECT_EQ(auth.rememberedAccount(), "alice") << "Sign Out keeps the name (it is no token)";
    }
    Authenticator restarted(f.config, f.authority.transport, f.store, f.browser, f.file);
    const auto next = f.signIn(restarted, {{"email", "alice@example.com"}});
    EXPECT_EQ(next.at("login_hint"), "alice");
    EXPECT_EQ(next.at("prompt"), "consent") << "the prompt rule is unchanged";
    EXPECT_EQ(restarted.rememberedAccount(), "alice@example.com") << "email when there is no preferred_username";
}

TEST(AccountHint, SwitchAccountForgetsTheNameAndLetsTheUserChoose) {
    Fixture f;
    Authenticator auth(f.config, f.authority.transport, f.store, f.browser, f.file);
    f.signIn(auth, {{"preferred_username", "alice"}});
    auth.logout();
    ASSERT_TRUE(std::filesystem::exists(f.file));
    std::promise<std::exception_ptr> done;
    auth.switchAccount([&](std::exception_ptr e) { done.set_value(e); });
    EXPECT_FALSE(std::filesystem::exists(f.file)) << "forgotten at once, even if this sign-in is abandoned";
    const auto query = FakeAuthority::queryOf(f.browser.last());
    EXPECT_EQ(query.count("login_hint"), 0u);
    EXPECT_EQ(query.at("prompt"), "select_account consent");
    auth.cancelLogin();
    EXPECT_EQ(auth.rememberedAccount(), "");
}

TEST(AccountHint, SwitchAccountAsksForALoginWhereTheProviderLacksSelectAccount) {
    Fixture f;
    f.authority.discoveryExtra = R"(,"prompt_values_supported":["none","login","consent"])";
    Authenticator auth(f.config, f.authority.transport, f.store, f.browser, f.file);
    const auto query = f.signIn(auth, {{"preferred_username", "bob"}}, true);
    EXPECT_EQ(query.at("prompt"), "login consent");
    EXPECT_EQ(auth.rememberedAccount(), "bob") << "the account chosen is remembered in turn";
}

TEST(AccountHint, AConfiguredLoginHintIsSentInstead) {
    Fixture f;
    f.config.oauth.authorization.loginHint = "kiosk@example.com";
    Authenticator auth(f.config, f.authority.transport, f.store, f.browser, f.file);
    f.signIn(auth, {{"preferred_username", "alice"}});
    auth.logout();
    EXPECT_EQ(f.signIn(auth, {}).at("login_hint"), "kiosk@example.com");
}
