#include "shell/MenuState.h"

#include <gtest/gtest.h>

using namespace deskauth::app;

namespace {

MenuState menuWhen(bool signedIn, const std::string& phase, bool deviceOffered = true) {
    return menuStateFor({signedIn, phase, deviceOffered, false});
}

}  // namespace

TEST(MenuState, SignedOutOffersSignInButNothingToSignOutOrExpire) {
    const MenuState menu = menuWhen(false, "idle");
    EXPECT_TRUE(menu.signIn);
    EXPECT_TRUE(menu.signInOnAnotherDevice);
    EXPECT_FALSE(menu.cancelSignIn);
    EXPECT_FALSE(menu.signOut);
    EXPECT_FALSE(menu.expireTokens);
}

TEST(MenuState, DeviceSignInOnlyWhenOffered) {
    EXPECT_FALSE(menuWhen(false, "idle", false).signInOnAnotherDevice);
    EXPECT_TRUE(menuWhen(false, "idle", false).signIn);
}

TEST(MenuState, WhileASignInIsUnderWayCancelIt) {
    for (const char* phase : {"waiting", "device"}) {
        const MenuState menu = menuWhen(false, phase);
        EXPECT_TRUE(menu.cancelSignIn) << phase;
        EXPECT_FALSE(menu.signInOnAnotherDevice) << phase;
        EXPECT_FALSE(menu.signOut) << phase;
        EXPECT_FALSE(menu.expireTokens) << phase;
    }
}

// A user who closed the browser tab signs in again: another attempt of the same login.
TEST(MenuState, WhileTheBrowserSignInWaitsSignInOpensItAgain) {
    EXPECT_TRUE(menuWhen(false, "waiting").signIn);
    EXPECT_FALSE(menuWhen(false, "device").signIn);
}

TEST(MenuState, SignedInOffersSignOutAndTheExpireItemsOnEveryView) {
    for (const char* phase : {"loading", "loaded", "error"}) {
        const MenuState menu = menuWhen(true, phase);
        EXPECT_FALSE(menu.signIn) << phase;
        EXPECT_FALSE(menu.signInOnAnotherDevice) << phase;
        EXPECT_FALSE(menu.cancelSignIn) << phase;
        EXPECT_TRUE(menu.signOut) << phase;
        EXPECT_TRUE(menu.expireTokens) << phase;
    }
}

TEST(MenuState, WhileTheSavedSessionOpensNothingToSignInOrOut) {
    EXPECT_EQ(menuWhen(false, "starting"), MenuState{});
}

TEST(MenuState, SwitchAccountWhileSignedOutWithAnAccountRemembered) {
    EXPECT_TRUE(menuStateFor({false, "idle", false, false, true}).switchAccount);
    EXPECT_FALSE(menuStateFor({false, "idle", false, false, false}).switchAccount) << "nothing to switch from";
    for (const char* phase : {"waiting", "device", "starting"}) {
        EXPECT_FALSE(menuStateFor({false, phase, false, false, true}).switchAccount) << phase;
    }
    EXPECT_FALSE(menuStateFor({true, "loaded", false, false, true}).switchAccount) << "signed in: Sign Out first";
}

TEST(MenuState, BackFollowsTheHistory) {
    EXPECT_TRUE(menuStateFor({true, "loaded", false, true}).back);
    EXPECT_FALSE(menuStateFor({true, "loaded", false, false}).back);
}
