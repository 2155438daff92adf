// Sign in on another device (device authorization grant, RFC 8628) against the real development
// authorization server: the Authenticator asks for a user code and polls, while TestBrowser plays
// the user on the other device (verification page, user code, login, consent).
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "oauth/DeviceAuthorization.h"
#include "oauth/TokenClient.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerSuite.h"
#include "support/LoginHelpers.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <gtest/gtest.h>

#include <future>
#include <iostream>
#include <regex>
#include <thread>

using namespace deskauth;
using namespace deskauth::test;
using namespace std::chrono_literals;

namespace {

class DeviceLogin : public AuthServerSuite {
protected:
    Configuration config = Configuration::parse(desktopConfigJson(authServer().issuer(), "https://127.0.0.1:1/api", 18211, 18213),
                                                "test.json", sourceDir());
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    MemoryTokenStore store;
    RecordingBrowser browser;  // the device flow never opens a browser here
    Authenticator auth{config, transport, store, browser};
    std::promise<DeviceSignInPrompt> shown;
    std::promise<std::exception_ptr> done;

    DeviceSignInPrompt start() {
        auth.startDeviceLogin([this](const DeviceSignInPrompt& prompt) { shown.set_value(prompt); },
                              [this](std::exception_ptr error) { done.set_value(error); });
        auto prompt = shown.get_future();
        EXPECT_EQ(prompt.wait_for(0s), std::future_status::ready) << "the code is shown before startDeviceLogin returns";
        return prompt.get();
    }

    // The login's result; fails the test when it takes longer than the code's polling allows.
    std::exception_ptr result() {
        auto future = done.get_future();
        if (future.wait_for(30s) != std::future_status::ready) {
            ADD_FAILURE() << "the device login did not complete";
            auth.cancelLogin();
            return nullptr;
        }
        return future.get();
    }
};

}  // namespace

TEST_F(DeviceLogin, IsOfferedBecauseTheServerAdvertisesIt) {
    EXPECT_TRUE(auth.deviceLoginAvailable());
    Configuration off = config;
    off.oauth.deviceFlow = DeviceFlow::Off;
    Authenticator disabled(off, transport, store, browser);
    EXPECT_FALSE(disabled.deviceLoginAvailable());
    EXPECT_THROW(disabled.startDeviceLogin({}, {}), ProtocolError);
}

TEST_F(DeviceLogin, ApprovedOnTheOtherDeviceStoresValidatedTokens) {
    const int grantsBefore = authServer().stat("device_code");
    const DeviceSignInPrompt prompt = start();
    EXPECT_TRUE(std::regex_match(prompt.userCode, std::regex("[B-DF-HJ-NP-TV-XZ]{4}-[B-DF-HJ-NP-TV-XZ]{4}"))) << prompt.userCode;
    EXPECT_EQ(prompt.verificationUri, authServer().issuer() + "/device");
    EXPECT_NE(prompt.verificationUriComplete.find("user_code="), std::string::npos);
    EXPECT_GT(prompt.expiresIn, 60s);
    EXPECT_TRUE(auth.loginInProgress());

    TestBrowser otherDevice;
    const HttpResponse page = otherDevice.approveDevice(prompt.verificationUri, prompt.userCode, "alice", "Alice-Pass-1");
    const auto approved = std::chrono::steady_clock::now();
    EXPECT_NE(page.body.find("data-page=\"device-done\""), std::string::npos) << page.body.substr(0, 2000);

    ASSERT_EQ(codeOf(result()), "(none)");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - approved).count();
    std::cout << "device login: tokens " << ms << " ms after the approval (the server's interval is 5 s)\n";
    RecordProperty("approve_to_tokens_ms", static_cast<int>(ms));

    EXPECT_FALSE(auth.loginInProgress());
    EXPECT_TRUE(auth.isSignedIn());
    ASSERT_TRUE(auth.user());
    EXPECT_EQ(auth.user()->name, "Alice Smith");  // from the validated ID token
    const auto saved = store.load();
    ASSERT_TRUE(saved);
    EXPECT_FALSE(saved->accessToken.empty());
    EXPECT_FALSE(saved->idToken.empty());
    EXPECT_FALSE(saved->refreshToken.empty()) << "offline_access gives a refresh token in the device flow too";
    EXPECT_EQ(authServer().stat("device_code"), grantsBefore + 1);

    // the session behaves like a browser login's: the refresh token renews it
    const std::string first = auth.accessToken();
    EXPECT_NE(auth.refreshAccessToken(first), first);
}

TEST_F(DeviceLogin, DeniedOnTheOtherDeviceEndsWithAccessDenied) {
    const DeviceSignInPrompt prompt = start();
    TestBrowser otherDevice;
    otherDevice.approveDevice(prompt.verificationUri, prompt.userCode, "alice", "Alice-Pass-1", "deny");
    std::exception_ptr error = result();
    EXPECT_EQ(codeOf(error), "access_denied");
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        EXPECT_EQ(e.userMessage(), "The sign-in was declined on the other device.");
        EXPECT_FALSE(e.id().empty());
    } catch (...) {
    }
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(store.load());
    EXPECT_FALSE(auth.loginInProgress());
}

TEST_F(DeviceLogin, WrongUserCodeIsRefusedByTheServerAndTheLoginKeepsWaiting) {
    const DeviceSignInPrompt prompt = start();
    TestBrowser otherDevice;
    const HttpResponse page = otherDevice.approveDevice(prompt.verificationUri, "BBBB-BBBB", "alice", "Alice-Pass-1");
    EXPECT_NE(page.body.find("id=\"error\""), std::string::npos) << page.body.substr(0, 2000);
    EXPECT_TRUE(auth.loginInProgress());
    auth.cancelLogin();
    EXPECT_EQ(codeOf(result()), "cancelled");
}

// Waits on no clock: the server asks for one poll per 5 minutes (RFC 8628 §3.2 interval), so the
// poller is certainly still in its first wait when cancelLogin() comes, however loaded the machine.
TEST_F(DeviceLogin, CancelDuringTheFirstIntervalStopsPollingAtOnce) {
    AuthServerProcess slowPaced({"--device-poll-interval", "300"});
    Configuration paced = Configuration::parse(desktopConfigJson(slowPaced.issuer(), "https://127.0.0.1:1/api", 18211, 18213),
                                               "test.json", sourceDir());
    Authenticator pacedAuth{paced, transport, store, browser};
    std::promise<DeviceSignInPrompt> pacedShown;
    std::promise<std::exception_ptr> pacedDone;
    pacedAuth.startDeviceLogin([&](const DeviceSignInPrompt& prompt) { pacedShown.set_value(prompt); },
                               [&](std::exception_ptr error) { pacedDone.set_value(error); });
    ASSERT_EQ(pacedShown.get_future().wait_for(0s), std::future_status::ready);
    // cancelLogin() wakes the poller from its wait and joins it, so no poll happens at all
    pacedAuth.cancelLogin();
    auto finished = pacedDone.get_future();
    ASSERT_EQ(finished.wait_for(0s), std::future_status::ready) << "cancelLogin() returns after the login ended";
    EXPECT_EQ(codeOf(finished.get()), "cancelled");
    EXPECT_FALSE(pacedAuth.loginInProgress());
    EXPECT_EQ(slowPaced.stat("device_code_pending") + slowPaced.stat("device_code_errors") + slowPaced.stat("device_code"), 0)
        << "no poll before or after the cancel";
}

// RFC 8628 §3.5 with the real server: a client polling sooner than the server's interval is
// answered slow_down, and DeviceAuthorization adds 5 s to its interval for this and every later
// poll. Waits on no clock: the server's pace is 5 minutes (chosen by this test), so every poll of
// the test comes "too soon" however slow the machine is, and the test's wait does not sleep; it
// records each interval the client asked for, and cancels at the third.
TEST_F(DeviceLogin, PollingFasterThanTheIntervalIsSlowedDownByTheServer) {
    AuthServerProcess slowPaced({"--device-poll-interval", "300"});
    PocoHttpTransport pacedTransport{TransportSettings{config.tls.extraCaFile}};
    Discovery discovery(pacedTransport, slowPaced.issuer());
    TokenClient client(pacedTransport, discovery, config.oauth.clientId);
    DeviceCodeGrant grant = client.requestDeviceCode(config.oauth.scopes);
    EXPECT_EQ(grant.interval, 300s) << "the server names its pace (RFC 8628 §3.2)";
    try {
        client.exchangeDeviceCode(grant.deviceCode);  // the first poll sets the server's clock
        FAIL() << "tokens before the user approved";
    } catch (const ServerError& e) {
        EXPECT_EQ(e.code(), "authorization_pending");
    }

    grant.interval = 1s;  // a client in a hurry: its next polls come well within the server's 5 min
    std::vector<long long> waits;
    DeviceAuthorization device(client);
    EXPECT_THROW(device.poll(grant,
                             [&](std::chrono::milliseconds interval) {
                                 waits.push_back(interval.count());
                                 return waits.size() < 3;
                             }),
                 Cancelled);
    EXPECT_EQ(waits, (std::vector<long long>{1000, 6000, 11000})) << "each slow_down adds 5 s";
    EXPECT_EQ(slowPaced.stat("device_code_pending"), 3) << "authorization_pending once, then slow_down twice";
}
