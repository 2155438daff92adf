#include "oauth/AccountChoice.h"

#include <gtest/gtest.h>

using namespace deskauth;

namespace {
const std::vector<std::string> offline{"openid", "offline_access"};
const std::vector<std::string> online{"openid"};
}  // namespace

TEST(AccountChoice, ASignInNamesTheRememberedAccount) {
    const auto settings = withAccountChoice({}, offline, AccountChoice::Remembered, "alice@example.com", {});
    EXPECT_EQ(settings.loginHint, "alice@example.com");
    EXPECT_FALSE(settings.prompt) << "the prompt rule is unchanged";
}

TEST(AccountChoice, AConfiguredLoginHintWinsOverTheRememberedAccount) {
    AuthorizationSettings configured;
    configured.loginHint = "kiosk@example.com";
    EXPECT_EQ(withAccountChoice(configured, offline, AccountChoice::Remembered, "alice", {}).loginHint, "kiosk@example.com");
}

TEST(AccountChoice, SwitchingAsksToSelectAnAccountKeepsConsentAndSendsNoHint) {
    AuthorizationSettings configured;
    configured.loginHint = "kiosk@example.com";
    const auto settings = withAccountChoice(configured, offline, AccountChoice::Switch, "alice", {});
    EXPECT_EQ(settings.prompt, "select_account consent") << "OIDC Core §11: consent with offline_access";
    EXPECT_EQ(settings.loginHint, "");
    EXPECT_EQ(withAccountChoice({}, online, AccountChoice::Switch, "", {}).prompt, "select_account");
}

TEST(AccountChoice, SwitchingAsksForALoginWhereTheProviderLacksSelectAccount) {
    const auto settings = withAccountChoice({}, offline, AccountChoice::Switch, "", {"none", "login", "consent"});
    EXPECT_EQ(settings.prompt, "login consent");
    EXPECT_EQ(withAccountChoice({}, online, AccountChoice::Switch, "", {"login", "select_account"}).prompt, "select_account");
}

TEST(AccountChoice, SwitchingReplacesAConfiguredNoneOrLogin) {
    AuthorizationSettings quiet;
    quiet.prompt = "none";
    EXPECT_EQ(withAccountChoice(quiet, offline, AccountChoice::Switch, "", {}).prompt, "select_account")
        << "none may come with no other value";
    AuthorizationSettings both;
    both.prompt = "login consent";
    EXPECT_EQ(withAccountChoice(both, online, AccountChoice::Switch, "", {}).prompt, "select_account consent");
}
