#include "session/Authenticator.h"

#include "FakeAuthority.h"
#include "errors/Errors.h"
#include "storage/MemoryTokenStore.h"
#include "support/LoginHelpers.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <mutex>
#include <vector>

using namespace deskauth;
using namespace deskauth::test;

namespace {

bool isStray(const std::exception_ptr& error) {
    try {
        if (error) std::rethrow_exception(error);
    } catch (const StrayResponse&) {
        return true;
    } catch (...) {
    }
    return false;
}

struct AuthenticatorOnFakeAuthority {
    FakeAuthority authority;
    Configuration config = FakeAuthority::config("private-uri");
    MemoryTokenStore store;
    RecordingBrowser browser;
    Authenticator auth{config, authority.transport, store, browser};

    std::string redirectFor(const std::string& authorizationUrl, const std::string& code) {
        const auto query = FakeAuthority::queryOf(authorizationUrl);
        return auth.privateRedirectUri() + "?code=" + code + "&state=" + query.at("state");
    }
};

}  // namespace

// Two tabs (two attempts of one login): the first response ends the login and closes the other
// attempt before its code is exchanged, so a response of the other tab arriving meanwhile is
// refused and exchanges nothing.
TEST(BrowserLogin, FirstResponseClosesTheOtherAttempts) {
    AuthenticatorOnFakeAuthority fixture;
    std::promise<std::exception_ptr> done;
    fixture.auth.startLogin([&](std::exception_ptr e) { done.set_value(e); });
    fixture.auth.startLogin([&](std::exception_ptr e) { done.set_value(e); });
    ASSERT_EQ(fixture.auth.pendingLoginCount(), 2u);
    const auto urls = fixture.browser.urls();
    ASSERT_EQ(urls.size(), 2u);
    const std::string first = fixture.redirectFor(urls[1], "code-1");
    const std::string second = fixture.redirectFor(urls[0], "code-2");

    std::exception_ptr secondWhileExchanging;
    std::size_t pendingWhileExchanging = 99;
    fixture.authority.onCode = [&](const std::map<std::string, std::string>& form) {
        pendingWhileExchanging = fixture.auth.pendingLoginCount();
        secondWhileExchanging = fixture.auth.handleRedirectUrl(second);  // the other tab, meanwhile
        const std::string nonce = FakeAuthority::queryOf(urls[1]).at("nonce");
        EXPECT_EQ(form.at("code"), "code-1");
        return FakeAuthority::tokens("a1", "rt-1", FakeAuthority::idToken("user-alice", nonce));
    };

    EXPECT_FALSE(fixture.auth.handleRedirectUrl(first));
    EXPECT_EQ(pendingWhileExchanging, 0u) << "the other attempt is closed before the exchange";
    EXPECT_TRUE(isStray(secondWhileExchanging));
    EXPECT_EQ(codeOf(secondWhileExchanging), "unknown_state");
    EXPECT_EQ(fixture.authority.codeGrants, 1) << "only the first response's code is exchanged";
    EXPECT_EQ(codeOf(done.get_future().get()), "(none)");
    EXPECT_TRUE(fixture.auth.isSignedIn());
    EXPECT_FALSE(fixture.auth.loginInProgress());
    EXPECT_TRUE(isStray(fixture.auth.handleRedirectUrl(second))) << "and stays refused afterwards";
}

// Signs out while a login waits and expects logout to end that login at once: its callback has
// been told Cancelled by the time logout returns. What the login would otherwise wait for is 300 s
// (the browser login's timeout, the device poller's interval), so a logout that waited for it
// takes at least that; the bound below is half of it, which no loaded machine comes near.
void expectSignOutEndsTheLoginAtOnce(AuthenticatorOnFakeAuthority& fixture, std::future<std::exception_ptr> result) {
    ASSERT_TRUE(fixture.auth.loginInProgress());
    const auto started = std::chrono::steady_clock::now();
    fixture.auth.logout();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(150))
        << "logout waited for the login's timeout or poll";
    ASSERT_EQ(result.wait_for(std::chrono::seconds(0)), std::future_status::ready);
    EXPECT_EQ(codeOf(result.get()), "cancelled");
    EXPECT_FALSE(fixture.auth.loginInProgress());
}

// Signing out while a browser login waits for its response (300 s login timeout, the default).
TEST(SignOut, WhileABrowserLoginWaitsDoesNotBlockTheCaller) {
    AuthenticatorOnFakeAuthority fixture;
    ASSERT_EQ(fixture.config.oauth.loginTimeoutSeconds, 300);
    std::promise<std::exception_ptr> done;
    fixture.auth.startLogin([&](std::exception_ptr e) { done.set_value(e); });
    expectSignOutEndsTheLoginAtOnce(fixture, done.get_future());
    EXPECT_EQ(fixture.authority.codeGrants, 0);
}

// The same for a device login whose poller sleeps through the server's 300 s interval.
TEST(SignOut, WhileADeviceLoginPollsDoesNotBlockTheCaller) {
    AuthenticatorOnFakeAuthority fixture;
    fixture.authority.onDeviceAuthorization = [](const auto&) {
        return jsonResponse(200, R"({"device_code":"dc-1","user_code":"ABCD-EFGH","verification_uri":"https://login.example.com/device",
                                     "expires_in":600,"interval":300})");
    };
    fixture.authority.onDeviceCode = [](const auto&) { return jsonResponse(400, R"({"error":"authorization_pending"})"); };
    std::promise<std::exception_ptr> done;
    std::string userCode;
    fixture.auth.startDeviceLogin([&](const DeviceSignInPrompt& prompt) { userCode = prompt.userCode; },
                                  [&](std::exception_ptr e) { done.set_value(e); });
    EXPECT_EQ(userCode, "ABCD-EFGH");
    expectSignOutEndsTheLoginAtOnce(fixture, done.get_future());
}
