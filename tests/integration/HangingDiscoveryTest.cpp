// A sign-in server that accepts connections and never answers discovery (issue 21, item 1),
// over real sockets on 127.0.0.1 (a port the OS chose), through the real transport, Discovery and
// Authenticator. The time-outs are far beyond the tests' own limits, so only a cancel can end a
// wait; every wait is for an event (a connection accepted, a callback told), and "no other
// request" is read off the listening socket: a client's connect() completes in the kernel's
// backlog before it returns, so a second request would make the socket readable by then.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/CancelSignal.h"
#include "http/PocoHttpTransport.h"
#include "oauth/Discovery.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/TestPaths.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

using namespace deskauth;
using namespace deskauth::test;

namespace {

// Far beyond: a wait these end would fail the test's own limit (testLimit) first.
constexpr std::chrono::seconds farTimeout{600};
constexpr std::chrono::seconds testLimit{60};

TransportSettings patientTransport() {
    TransportSettings settings;
    settings.extraCaFile = devCertsDir() + "/ca.pem";
    settings.connectTimeout = std::chrono::seconds(10);
    settings.requestTimeout = farTimeout;
    return settings;
}

// Accepts when told and sends nothing; the accepted connections stay open until it is destroyed.
class SilentServer {
public:
    SilentServer() : listener_(Poco::Net::SocketAddress("127.0.0.1", 0)) {}
    int port() const { return listener_.address().port(); }
    // Blocks until the next client connects (an event, not a time).
    Poco::Net::StreamSocket& accept() { return accepted_.emplace_back(listener_.acceptConnection()); }
    // True when another client has connected and is waiting to be accepted (no wait).
    bool anotherConnectionWaits() { return listener_.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ); }

private:
    Poco::Net::ServerSocket listener_;
    std::vector<Poco::Net::StreamSocket> accepted_;
};

// Records whether the sign-in got as far as opening the browser.
class NoBrowser final : public BrowserLauncher {
public:
    void open(const std::string&) override { opened_ = true; }
    bool opened() const { return opened_; }

private:
    std::atomic<bool> opened_{false};
};

std::string errorCodeOf(const std::exception_ptr& error) {
    if (!error) return "(none)";
    try {
        std::rethrow_exception(error);
    } catch (const Error& e) {
        return e.code();
    } catch (...) {
        return "(not an Error)";
    }
}

// The silent server declared first: destroyed last, after the Authenticator has cut its request off.
struct SilentSignIn {
    SilentServer server;
    Configuration config = Configuration::parse(
        desktopConfigJson("https://127.0.0.1:" + std::to_string(server.port()), "https://127.0.0.1:1/api", 18431, 18433, 3600),
        "silent.json", sourceDir());
    PocoHttpTransport transport{patientTransport()};
    MemoryTokenStore store;
    NoBrowser browser;
    std::unique_ptr<Authenticator> auth = std::make_unique<Authenticator>(config, transport, store, browser);
};

}  // namespace

TEST(HangingDiscovery, CancelEndsASignInWaitingForDiscoveryAtOnce) {
    SilentSignIn s;
    std::promise<std::exception_ptr> told;
    auto start = std::async(std::launch::async, [&] {
        s.auth->startLogin([&](std::exception_ptr error) { told.set_value(error); });
    });
    s.server.accept();  // discovery's request is under way, so the sign-in waits for it
    EXPECT_TRUE(s.auth->loginInProgress()) << "the login exists while discovery is awaited";
    auto cancel = std::async(std::launch::async, [&] { s.auth->cancelLogin(); });
    ASSERT_EQ(cancel.wait_for(testLimit), std::future_status::ready) << "cancel returns at once";
    auto outcome = told.get_future();
    ASSERT_EQ(outcome.wait_for(testLimit), std::future_status::ready) << "the login callback is told";
    EXPECT_EQ(errorCodeOf(outcome.get()), "cancelled");
    ASSERT_EQ(start.wait_for(testLimit), std::future_status::ready) << "startLogin returns too";
    start.get();
    EXPECT_FALSE(s.auth->loginInProgress());
    EXPECT_FALSE(s.browser.opened()) << "no browser without an authorization URL";
    // The Authenticator goes first (SilentSignIn's order): its Discovery cuts its request off
    // instead of waiting the request time-out out; a hang here fails through ctest's TIMEOUT.
    s.auth.reset();
}

TEST(HangingDiscovery, TheCallersOwnCancelEndsTheSignInEvenBeforeItStarted) {
    SilentSignIn s;
    CancelSignal stop;
    stop.cancel();  // the Cancel click came first; the start runs on another thread, later
    std::promise<std::exception_ptr> told;
    s.auth->startLogin([&](std::exception_ptr error) { told.set_value(error); }, {}, &stop);
    auto outcome = told.get_future();
    ASSERT_EQ(outcome.wait_for(std::chrono::seconds(0)), std::future_status::ready) << "told on the calling thread";
    EXPECT_EQ(errorCodeOf(outcome.get()), "cancelled");
    EXPECT_FALSE(s.auth->loginInProgress());
    EXPECT_FALSE(s.server.anotherConnectionWaits()) << "no discovery request for a sign-in cancelled first";
}

TEST(HangingDiscovery, ACancelledSignInLeavesTheDeviceCheckWaitingForTheSameRequest) {
    SilentSignIn s;
    // the start-up device-flow check asks first ...
    auto deviceCheck = std::async(std::launch::async, [&] { return s.auth->deviceLoginAvailable(); });
    Poco::Net::StreamSocket& request = s.server.accept();
    // ... and a sign-in clicked meanwhile shares its request instead of queueing behind it; it is
    // cancelled as the app does it, with its own signal, which works whether its start waits
    // already or has not got going yet
    CancelSignal stop;
    std::promise<std::exception_ptr> told;
    auto start = std::async(std::launch::async, [&] {
        s.auth->startLogin([&](std::exception_ptr error) { told.set_value(error); }, {}, &stop);
    });
    stop.cancel();
    auto outcome = told.get_future();
    ASSERT_EQ(outcome.wait_for(testLimit), std::future_status::ready);
    EXPECT_EQ(errorCodeOf(outcome.get()), "cancelled");
    ASSERT_EQ(start.wait_for(testLimit), std::future_status::ready);
    EXPECT_FALSE(s.server.anotherConnectionWaits()) << "the sign-in made no request of its own";
    // the device check still waits for the request: the server hangs up, and it is told so
    request.close();
    ASSERT_EQ(deviceCheck.wait_for(testLimit), std::future_status::ready);
    EXPECT_FALSE(deviceCheck.get()) << "discovery failed, so no device sign-in";
    EXPECT_FALSE(s.server.anotherConnectionWaits()) << "exactly one discovery request in all";
}

TEST(HangingDiscovery, ConcurrentCallersShareOneRequestAndACancelLeavesTheOthersWaiting) {
    SilentServer server;  // first: outlives the Discovery, which cuts a request under way off
    PocoHttpTransport transport{patientTransport()};
    const std::string authority = "http://127.0.0.1:" + std::to_string(server.port());
    auto discovery = std::make_unique<Discovery>(transport, authority);

    auto first = std::async(std::launch::async, [&] { return discovery->metadata(); });
    Poco::Net::StreamSocket& request = server.accept();  // the first caller's request is under way
    CancelSignal stopSecond;
    auto second = std::async(std::launch::async, [&] { return discovery->metadata(&stopSecond); });
    auto third = std::async(std::launch::async, [&] { return discovery->metadata(); });
    stopSecond.cancel();
    ASSERT_EQ(second.wait_for(testLimit), std::future_status::ready) << "the cancelled caller stops waiting at once";
    EXPECT_THROW(second.get(), Cancelled);
    EXPECT_FALSE(server.anotherConnectionWaits()) << "the second caller made no request of its own";

    // The server answers the one request: the callers that did not cancel get its metadata.
    const std::string document = R"({"issuer":")" + authority + R"(","authorization_endpoint":")" + authority +
                                 R"(/authorize","token_endpoint":")" + authority + R"(/token","jwks_uri":")" + authority +
                                 R"(/jwks"})";
    char head[4096];
    ASSERT_GT(request.receiveBytes(head, sizeof head), 0);  // the GET (its head fits one read on loopback)
    const std::string answer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                               std::to_string(document.size()) + "\r\nConnection: close\r\n\r\n" + document;
    request.sendBytes(answer.data(), static_cast<int>(answer.size()));
    request.shutdownSend();
    ASSERT_EQ(first.wait_for(testLimit), std::future_status::ready);
    ASSERT_EQ(third.wait_for(testLimit), std::future_status::ready);
    EXPECT_EQ(first.get().tokenEndpoint, authority + "/token");
    EXPECT_EQ(third.get().tokenEndpoint, authority + "/token");
    EXPECT_EQ(discovery->metadata().jwksUri, authority + "/jwks") << "cached";
    EXPECT_FALSE(server.anotherConnectionWaits()) << "one request for all four calls";
}

namespace {

std::size_t entries(const char* folder) {
    return static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(folder), {}));
}

}  // namespace

// The 100 sign-in/cancel cycles of LoginUsability, with every sign-in cancelled while it waits for
// discovery: no thread, descriptor or listener is left behind, and they all share one request.
TEST(HangingDiscovery, HundredSignInsCancelledWhileWaitingForDiscoveryLeakNothing) {
    SilentSignIn s;
    const auto cycle = [&](bool first) {
        CancelSignal stop;
        std::promise<std::exception_ptr> told;
        auto start = std::async(std::launch::async, [&] {
            s.auth->startLogin([&](std::exception_ptr error) { told.set_value(error); }, {}, &stop);
        });
        if (first) s.server.accept();  // the request that every later sign-in shares
        stop.cancel();
        auto outcome = told.get_future();
        if (outcome.wait_for(testLimit) != std::future_status::ready) return std::string("(not told)");
        if (start.wait_for(testLimit) != std::future_status::ready) return std::string("(start did not return)");
        return errorCodeOf(outcome.get());
    };
    ASSERT_EQ(cycle(true), "cancelled");  // warm-up: the discovery thread and its connection are no leak
    s.auth->cancelLogin();                // joins the ended login's threads
    const std::size_t threadsBefore = entries("/proc/self/task");
    const std::size_t fdsBefore = entries("/proc/self/fd");
    int cancelled = 0;
    for (int i = 0; i < 100; ++i) cancelled += cycle(false) == "cancelled";
    s.auth->cancelLogin();
    EXPECT_EQ(cancelled, 100);
    EXPECT_FALSE(s.auth->loginInProgress());
    EXPECT_EQ(entries("/proc/self/task"), threadsBefore) << "threads leaked";
    EXPECT_EQ(entries("/proc/self/fd"), fdsBefore) << "file descriptors leaked";
    EXPECT_FALSE(s.server.anotherConnectionWaits()) << "one discovery request for all 101 sign-ins";
}
