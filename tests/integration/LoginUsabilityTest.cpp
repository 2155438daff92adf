// How the loopback login behaves when users do what users do: click Sign In twice, close the tab,
// cancel, leave it, run other programs on the ports, or get an error from the server. Against the
// real development authorization server and the real listener.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/AuthServerSuite.h"
#include "support/LoginHelpers.h"
#include "support/QueryParameter.h"
#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include <Poco/DirectoryIterator.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>
#include <Poco/Net/NetException.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <vector>

#include <future>

using namespace deskauth;
using namespace deskauth::test;

namespace {

std::size_t entries(const std::string& dir) {
    std::size_t n = 0;
    for (Poco::DirectoryIterator it(dir), end; it != end; ++it) ++n;
    return n;
}

class LoginUsability : public AuthServerSuite {
protected:
    Configuration configWith(int timeoutSeconds = 60) {
        return Configuration::parse(desktopConfigJson(authServer().issuer(), "https://127.0.0.1:1/api", 18301, 18303, timeoutSeconds),
                                    "test.json", sourceDir());
    }
    Configuration config = configWith();
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    MemoryTokenStore store;
    RecordingBrowser browser;
    std::promise<std::exception_ptr> done;
    std::future<std::exception_ptr> result = done.get_future();

    Authenticator::LoginCallback callback() {
        return [this](std::exception_ptr e) { done.set_value(e); };
    }
    std::exception_ptr wait() {
        if (result.wait_for(std::chrono::seconds(30)) != std::future_status::ready) throw std::runtime_error("no result");
        return result.get();
    }
};

}  // namespace

TEST_F(LoginUsability, SecondSignInClickAddsAnAttemptAndEitherResponseCompletesTheLogin) {
    Authenticator auth(config, transport, store, browser);
    auth.startLogin(callback());
    auth.startLogin(callback());  // the user clicked again (or closed the first tab)
    ASSERT_EQ(browser.count(), 2u);
    EXPECT_EQ(auth.pendingLoginCount(), 2u);
    EXPECT_NE(queryParameter(browser.url(0), "state"), queryParameter(browser.url(1), "state"));
    EXPECT_NE(queryParameter(browser.url(0), "code_challenge"), queryParameter(browser.url(1), "code_challenge"));

    // The user finishes in the FIRST tab: its own verifier is used, so the exchange succeeds.
    TestBrowser tab;
    auto first = tab.signIn(browser.url(0), "alice", "Alice-Pass-1");
    EXPECT_EQ(first.page.status, 200);
    EXPECT_EQ(wait(), nullptr);
    EXPECT_TRUE(auth.isSignedIn());
    EXPECT_FALSE(auth.loginInProgress()) << "the listener stops once a valid response arrived";
}

TEST_F(LoginUsability, TwoTabsFinishingTogetherExchangeOneCode) {
    Authenticator auth(config, transport, store, browser);
    auth.startLogin(callback());
    auth.startLogin(callback());
    ASSERT_EQ(browser.count(), 2u);
    const int codesBefore = authServer().stat("authorization_code");
    // Both tabs sign in at once: whichever response reaches the app first ends the login, and the
    // other is refused: with the error page while the first one's code is being exchanged, or by a
    // closed port or connection (status 0 here) once that login has ended.
    const auto tab = [&](std::size_t index) {
        try {
            return TestBrowser().signIn(browser.url(index), "alice", "Alice-Pass-1").page.status;
        } catch (const Poco::Net::NetException&) {  // refused, reset or closed: the port is gone
            return 0;
        } catch (const NetworkError&) {  // the same, as our transport reports it (seen: a reset under load)
            return 0;
        } catch (const std::exception& e) {  // anything else fails the test, not std::terminate in a thread
            ADD_FAILURE() << "tab " << index << ": " << e.what();
            return -1;
        }
    };
    std::vector<int> statuses(2);
    std::thread second([&] { statuses[1] = tab(1); });
    statuses[0] = tab(0);
    second.join();
    EXPECT_EQ(wait(), nullptr);
    EXPECT_TRUE(auth.isSignedIn());
    EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 200), 1) << "one success page";
    const int other = statuses[0] == 200 ? statuses[1] : statuses[0];
    EXPECT_TRUE(other == 400 || other == 0) << "the other tab is refused, not signed in: " << other;
    EXPECT_EQ(authServer().stat("authorization_code") - codesBefore, 1) << "exactly one code was exchanged";
}

TEST_F(LoginUsability, UnknownStateIsRefusedWithoutSideEffects) {
    Authenticator auth(config, transport, store, browser);
    auth.startLogin(callback());
    const std::string callbackUrl = "http://127.0.0.1:" + std::to_string(auth.listenerPort()) + "/callback";
    TestBrowser tab;
    auto forged = tab.get(callbackUrl + "?code=forged&state=forged&iss=" + authServer().issuer());
    EXPECT_EQ(forged.status, 400);
    EXPECT_NE(forged.body.find("unknown_state"), std::string::npos);
    auto missing = tab.get(callbackUrl + "?code=forged");
    EXPECT_EQ(missing.status, 400);
    EXPECT_TRUE(auth.loginInProgress()) << "the real login keeps waiting";
    EXPECT_EQ(auth.pendingLoginCount(), 1u);
    EXPECT_EQ(result.wait_for(std::chrono::milliseconds(0)), std::future_status::timeout);

    auto real = tab.signIn(browser.url(0), "alice", "Alice-Pass-1");
    EXPECT_EQ(real.page.status, 200);
    EXPECT_EQ(wait(), nullptr);
}

TEST_F(LoginUsability, AfterAValidResponseTheListenerIsGone) {
    Authenticator auth(config, transport, store, browser);
    auth.startLogin(callback());
    TestBrowser tab;
    auto first = tab.signIn(browser.url(0), "alice", "Alice-Pass-1", "approve", /*deliver=*/false);
    EXPECT_EQ(tab.get(first.redirectUrl).status, 200);
    EXPECT_EQ(wait(), nullptr);
    // The port was closed before the success page was sent: nothing is left listening.
    EXPECT_THROW(tab.get(first.redirectUrl), NetworkError);
    EXPECT_TRUE(auth.isSignedIn());
}

// Issue 21 item 4: a local process holding 40 idle connections to the listener delayed the
// callback by about 40 s (POCO gave each connection one of 4 threads for 10 s, and refused the rest).
TEST_F(LoginUsability, IdleConnectionsToTheListenerDoNotHoldBackTheCallback) {
    Authenticator auth(config, transport, store, browser);
    auth.startLogin(callback());
    TestBrowser tab;
    auto signedIn = tab.signIn(browser.url(0), "alice", "Alice-Pass-1", "approve", /*deliver=*/false);
    std::vector<Poco::Net::StreamSocket> idle;
    for (int i = 0; i < 40; ++i) {
        idle.emplace_back(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(auth.listenerPort())));
    }
    EXPECT_EQ(tab.get(signedIn.redirectUrl).status, 200);
    EXPECT_EQ(wait(), nullptr);
    EXPECT_TRUE(auth.isSignedIn());
}

TEST_F(LoginUsability, ReplayWhileListeningIsRefused) {
    // Two logins in a row on one Authenticator: the second login's listener must refuse the
    // first login's (already used) response.
    Authenticator auth(config, transport, store, browser);
    auth.startLogin(callback());
    TestBrowser tab;
    auto used = tab.signIn(browser.url(0), "alice", "Alice-Pass-1");
    ASSERT_EQ(wait(), nullptr);
    std::promise<std::exception_ptr> second;
    auth.startLogin([&](std::exception_ptr e) { second.set_value(e); });
    Poco::URI replay(used.redirectUrl);
    replay.setPort(static_cast<Poco::UInt16>(auth.listenerPort()));
    auto response = tab.get(replay.toString());
    EXPECT_EQ(response.status, 400);
    EXPECT_NE(response.body.find("unknown_state"), std::string::npos);
    EXPECT_TRUE(auth.loginInProgress());
    auth.cancelLogin();
}

TEST_F(LoginUsability, ServerErrorsReachTheAppWithTheirCode) {
    for (const std::string code : {"login_required", "invalid_scope", "server_error"}) {
        std::promise<std::exception_ptr> finished;
        Authenticator auth(config, transport, store, browser);
        auth.startLogin([&](std::exception_ptr e) { finished.set_value(e); });
        const std::string url = browser.url(browser.count() - 1);
        // The authorization server's error redirect (RFC 6749 §4.1.2.1), as the browser delivers it.
        TestBrowser tab;
        auto page = tab.get(queryParameter(url, "redirect_uri").value() + "?error=" + code + "&state=" + queryParameter(url, "state").value() +
                            "&iss=" + Poco::URI(authServer().issuer()).toString());
        EXPECT_NE(page.body.find(code), std::string::npos) << "the browser's error page shows " << code;
        EXPECT_NE(page.body.find("DA-"), std::string::npos) << "and an error ID";
        auto error = finished.get_future().get();
        EXPECT_EQ(codeOf(error), code);
        EXPECT_FALSE(auth.loginInProgress());
    }
}

TEST_F(LoginUsability, AbandonedLoginTimesOutWithAFriendlyMessage) {
    Configuration quick = configWith(5);
    Authenticator auth(quick, transport, store, browser);
    auth.startLogin(callback());
    auto error = wait();
    EXPECT_EQ(codeOf(error), "timed_out");
    try {
        std::rethrow_exception(error);
    } catch (const TimedOut& e) {
        EXPECT_NE(e.userMessage().find("Sign In"), std::string::npos) << e.userMessage();
    }
    EXPECT_FALSE(auth.loginInProgress());
}

TEST_F(LoginUsability, UsesTheNextPortWhenTheFirstIsBusyAndTheRedirectUriMatches) {
    Poco::Net::ServerSocket squatter(Poco::Net::SocketAddress("127.0.0.1", 18301));
    Authenticator auth(config, transport, store, browser);
    auth.startLogin(callback());
    EXPECT_EQ(auth.listenerPort(), 18302);
    EXPECT_EQ(queryParameter(browser.url(0), "redirect_uri"), "http://127.0.0.1:18302/callback");
    TestBrowser tab;
    EXPECT_EQ(tab.signIn(browser.url(0), "alice", "Alice-Pass-1").page.status, 200);
    EXPECT_EQ(wait(), nullptr);
}

TEST_F(LoginUsability, AllPortsBusyIsAClearErrorNamingThePorts) {
    std::vector<Poco::Net::ServerSocket> squatters;
    for (int port = 18301; port <= 18303; ++port) squatters.emplace_back(Poco::Net::SocketAddress("127.0.0.1", port));
    Authenticator auth(config, transport, store, browser);
    try {
        auth.startLogin(callback());
        FAIL() << "started a login without a port";
    } catch (const PortsBusyError& e) {
        EXPECT_NE(e.userMessage().find("18301"), std::string::npos);
        EXPECT_NE(e.userMessage().find("18303"), std::string::npos);
    }
    EXPECT_EQ(browser.count(), 0u) << "no browser is opened when nothing can receive the response";
}

TEST_F(LoginUsability, HundredStartCancelCyclesLeakNoThreadsOrDescriptors) {
    Authenticator auth(config, transport, store, browser);
    // One warm-up cycle: discovery, TLS and thread pools created on first use are not leaks.
    auth.startLogin([](std::exception_ptr) {});
    auth.cancelLogin();
    const std::size_t threadsBefore = entries("/proc/self/task");
    const std::size_t fdsBefore = entries("/proc/self/fd");
    int cancelled = 0;
    for (int i = 0; i < 100; ++i) {
        auth.startLogin([&](std::exception_ptr e) { cancelled += codeOf(e) == "cancelled"; });
        ASSERT_TRUE(auth.loginInProgress());
        auth.cancelLogin();
        ASSERT_FALSE(auth.loginInProgress());
    }
    EXPECT_EQ(cancelled, 100);
    EXPECT_EQ(entries("/proc/self/task"), threadsBefore) << "threads leaked";
    EXPECT_EQ(entries("/proc/self/fd"), fdsBefore) << "file descriptors leaked";
    Poco::Net::ServerSocket reuse;
    EXPECT_NO_THROW(reuse.bind(Poco::Net::SocketAddress("127.0.0.1", 18301), true, false)) << "the port is free";
}
