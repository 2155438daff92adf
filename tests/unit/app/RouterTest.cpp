#include "navigation/Router.h"

#include <gtest/gtest.h>

using namespace deskauth::app;

namespace {

struct RecordingRouter {
    Router router;
    std::vector<std::string> shown;
    RecordingRouter() {
        router.setListener([this](const Route&, const std::string& location) { shown.push_back(location); });
    }
};

}  // namespace

TEST(Router, ParsesKnownLocationsOnly) {
    EXPECT_EQ(parseLocation("/companies")->view, ViewKind::Companies);
    auto t = parseLocation("/companies/42/transactions");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->view, ViewKind::Transactions);
    EXPECT_EQ(t->companyId, 42);
    EXPECT_FALSE(parseLocation("/companies/abc/transactions"));
    EXPECT_FALSE(parseLocation("/nowhere"));
    EXPECT_EQ(transactionsLocation(7), "/companies/7/transactions");
}

TEST(Router, KeepsHistoryAndGoesBack) {
    RecordingRouter r;
    r.router.navigate("/companies");
    r.router.navigate("/companies/3/transactions");
    EXPECT_TRUE(r.router.canGoBack());
    r.router.back();
    EXPECT_EQ(r.router.current(), "/companies");
    EXPECT_FALSE(r.router.canGoBack());
}

TEST(Router, UnknownLocationGoesHome) {
    RecordingRouter r;
    r.router.navigate("/admin");
    EXPECT_EQ(r.router.current(), "/companies");
}

TEST(Router, ReturnsToTheSameLocationAfterAForcedLogin) {
    RecordingRouter r;
    r.router.navigate("/companies");
    r.router.navigate("/companies/5/transactions");
    r.router.requireLogin();
    EXPECT_EQ(r.router.current(), "/login");
    r.router.loginCompleted("user-alice");
    EXPECT_EQ(r.router.current(), "/companies/5/transactions");
    r.router.back();
    EXPECT_EQ(r.router.current(), "/companies") << "login is not in the history";
}

TEST(Router, FirstLoginGoesHome) {
    RecordingRouter r;
    r.router.requireLogin();
    r.router.loginCompleted("user-alice");
    EXPECT_EQ(r.router.current(), "/companies");
}

TEST(Router, TryAgainAfterAnErrorReloadsTheFailedLocation) {
    RecordingRouter r;
    r.router.navigate("/companies/9/transactions");
    r.router.showError();
    EXPECT_EQ(r.router.current(), "/error");
    r.router.reload();
    EXPECT_EQ(r.router.current(), "/companies/9/transactions");
    EXPECT_EQ(r.shown.back(), "/companies/9/transactions");
}

// The device sign-in view is a route like the others: transient like /login, and a sign-in
// through it (or back through /login after it) returns to where the user was.
TEST(Router, DeviceSignInIsATransientRouteThatReturnsToTheSamePlace) {
    RecordingRouter r;
    EXPECT_EQ(parseLocation("/login/device")->view, ViewKind::DeviceLogin);
    r.router.navigate("/companies");
    r.router.navigate("/companies/5/transactions");
    r.router.requireDeviceLogin();
    EXPECT_EQ(r.router.current(), "/login/device");
    r.router.requireLogin();  // the device sign-in ended
    r.router.loginCompleted("user-alice");
    EXPECT_EQ(r.router.current(), "/companies/5/transactions");
    r.router.back();
    EXPECT_EQ(r.router.current(), "/companies") << "neither sign-in view is in the history";
}

// Alice's session ends on a company; Bob signs in at that window: he starts at home, without
// Alice's history. Alice signing in again would have returned to her company.
TEST(Router, AnotherUserSigningInStartsAtHome) {
    RecordingRouter r;
    r.router.requireLogin();
    r.router.loginCompleted("user-alice");
    r.router.navigate("/companies/5/transactions");
    r.router.requireLogin();  // alice's session ended
    r.router.loginCompleted("user-bob");
    EXPECT_EQ(r.router.current(), "/companies");
    EXPECT_FALSE(r.router.canGoBack()) << "none of alice's places in bob's history";
}

TEST(Router, TheSameUserSigningInAgainReturnsToTheirPlace) {
    RecordingRouter r;
    r.router.sessionRestored("user-alice");
    r.router.navigate("/companies");
    r.router.navigate("/companies/5/transactions");
    r.router.requireLogin();
    r.router.loginCompleted("user-alice");
    EXPECT_EQ(r.router.current(), "/companies/5/transactions");
}

TEST(Router, SignOutDropsThePlaceToReturnTo) {
    RecordingRouter r;
    r.router.sessionRestored("user-alice");
    r.router.navigate("/companies");
    r.router.navigate("/companies/5/transactions");
    r.router.signedOut();
    EXPECT_EQ(r.router.current(), "/login");
    r.router.loginCompleted("user-alice");
    EXPECT_EQ(r.router.current(), "/companies") << "signing out is a fresh start, for anyone";
    EXPECT_FALSE(r.router.canGoBack());
}

// Issue 20: the place kept across a restart. Alice's session ended on a company and the app was
// restarted: her sign-in brings her back there, with home under it for Back.
TEST(Router, APlaceKeptAcrossARestartIsReturnedToAfterTheSameUsersSignIn) {
    RecordingRouter r;
    r.router.restorePlace("/companies/5/transactions", "owner-alice");
    r.router.requireLogin();
    EXPECT_EQ(r.router.returnLocation(), "/companies/5/transactions");
    r.router.loginCompleted("owner-alice");
    EXPECT_EQ(r.router.current(), "/companies/5/transactions");
    ASSERT_TRUE(r.router.canGoBack());
    r.router.back();
    EXPECT_EQ(r.router.current(), "/companies");
}

TEST(Router, APlaceKeptAcrossARestartIsReturnedToWhenTheSameUsersSessionIsRestored) {
    RecordingRouter r;
    r.router.restorePlace("/companies/5/transactions", "owner-alice");
    r.router.sessionRestored("owner-alice");
    EXPECT_EQ(r.router.current(), "/companies/5/transactions");
}

TEST(Router, AnotherUserAfterARestartStartsAtHome) {
    for (const bool restored : {false, true}) {
        RecordingRouter r;
        r.router.restorePlace("/companies/5/transactions", "owner-alice");
        if (restored) {
            r.router.sessionRestored("owner-bob");
        } else {
            r.router.requireLogin();
            r.router.loginCompleted("owner-bob");
        }
        EXPECT_EQ(r.router.current(), "/companies");
        EXPECT_FALSE(r.router.canGoBack()) << "none of alice's places in bob's history";
        EXPECT_EQ(r.router.placesOwner(), "owner-bob");
    }
}

TEST(Router, AKeptPlaceThatIsTransientOrUnknownIsIgnored) {
    for (const char* location : {"/login", "/login/device", "/error", "/admin", ""}) {
        RecordingRouter r;
        r.router.restorePlace(location, "owner-alice");
        EXPECT_EQ(r.router.returnLocation(), "/companies") << location;
        EXPECT_EQ(r.router.placesOwner(), "") << location;
    }
}

TEST(Router, SignOutLeavesNoPlaceAndNoOwnerToKeep) {
    RecordingRouter r;
    r.router.restorePlace("/companies/5/transactions", "owner-alice");
    r.router.sessionRestored("owner-alice");
    r.router.signedOut();
    EXPECT_EQ(r.router.returnLocation(), "/companies");
    EXPECT_EQ(r.router.placesOwner(), "");
}
