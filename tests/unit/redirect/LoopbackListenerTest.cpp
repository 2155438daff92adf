#include "redirect/LoopbackListener.h"

#include "diagnostics/PortOwner.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"

#include <Poco/Net/NetException.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

using namespace deskauth;

namespace {

// A port range unlikely to collide with the demo (8001-8003) or other tests.
PortRange range(int first, int count) { return {first, first + count - 1}; }

HttpResponse get(const std::string& url, const HeaderList& headers = {}) {
    PocoHttpTransport transport({});
    HttpRequest request;
    request.url = url;
    request.headers = headers;
    return transport.send(request);
}

// Local addresses (hex, as in /proc/net/tcp and tcp6) of the sockets listening on `port`.
std::vector<std::string> listeningAddresses(int port) {
    std::vector<std::string> found;
    for (const auto& socket : listeningSockets(port)) found.push_back(socket.localAddress);
    return found;
}

}  // namespace

TEST(LoopbackListener, BindsLoopbackOnlyAndPassesTheQueryToTheHandler) {
    std::map<std::string, std::string> seen;
    LoopbackListener listener(range(18101, 3), "/callback", [&](const auto& query) {
        seen = query;
        return CallbackPage{200, "<p>ok</p>", false};
    });
    EXPECT_EQ(listener.redirectUri(), "http://127.0.0.1:18101/callback");
    auto response = get(listener.redirectUri() + "?code=c1&state=s1");
    EXPECT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "<p>ok</p>");
    EXPECT_EQ(response.header("Cache-Control"), "no-store");
    EXPECT_EQ(seen["code"], "c1");
    EXPECT_EQ(seen["state"], "s1");

    // What the kernel says: one listening socket on this port, and its address is 127.0.0.1.
    EXPECT_EQ(listeningAddresses(18101), std::vector<std::string>{"0100007F"})
        << "the listener must be bound to 127.0.0.1 only, not to every interface";
}

TEST(LoopbackListener, AnswersOtherPaths404WithoutCallingTheHandler) {
    std::atomic<int> calls{0};
    LoopbackListener listener(range(18111, 3), "/callback", [&](const auto&) {
        ++calls;
        return CallbackPage{200, "ok", true};
    });
    const std::string base = "http://127.0.0.1:" + std::to_string(listener.port());
    EXPECT_EQ(get(base + "/favicon.ico").status, 404);
    EXPECT_EQ(get(base + "/").status, 404);
    EXPECT_EQ(get(base + "/callback/../etc").status, 404);
    EXPECT_EQ(calls, 0);
    EXPECT_TRUE(listener.accepting());
}

TEST(LoopbackListener, RefusesForeignHostHeaderAndOversizedQuery) {
    std::atomic<int> calls{0};
    LoopbackListener listener(range(18121, 3), "/callback", [&](const auto&) {
        ++calls;
        return CallbackPage{200, "ok", false};
    });
    EXPECT_EQ(get(listener.redirectUri() + "?state=x", {{"Host", "evil.example.com"}}).status, 400);
    EXPECT_EQ(get(listener.redirectUri() + "?state=" + std::string(9000, 'a')).status, 414);
    EXPECT_EQ(calls, 0);
}

TEST(LoopbackListener, UsesTheNextPortWhenTheFirstIsBusy) {
    Poco::Net::ServerSocket squatter(Poco::Net::SocketAddress("127.0.0.1", 18131));
    LoopbackListener listener(range(18131, 3), "/callback", [](const auto&) { return CallbackPage{}; });
    EXPECT_EQ(listener.port(), 18132);
    EXPECT_EQ(listener.redirectUri(), "http://127.0.0.1:18132/callback");
}

TEST(LoopbackListener, ReportsAllPortsBusyByName) {
    Poco::Net::ServerSocket a(Poco::Net::SocketAddress("127.0.0.1", 18141));
    Poco::Net::ServerSocket b(Poco::Net::SocketAddress("127.0.0.1", 18142));
    try {
        LoopbackListener listener(range(18141, 2), "/callback", [](const auto&) { return CallbackPage{}; });
        FAIL() << "bound a busy port";
    } catch (const PortsBusyError& e) {
        EXPECT_NE(e.userMessage().find("18141"), std::string::npos);
        EXPECT_NE(e.userMessage().find("18142"), std::string::npos);
    }
}

TEST(LoopbackListener, StopsAcceptingAfterTheFinishingPageAndFreesThePort) {
    LoopbackListener listener(range(18151, 1), "/callback", [](const auto&) { return CallbackPage{200, "done", true}; });
    EXPECT_EQ(get(listener.redirectUri() + "?state=s").body, "done");
    EXPECT_FALSE(listener.accepting());
    EXPECT_THROW(get(listener.redirectUri() + "?state=s"), NetworkError);
    Poco::Net::ServerSocket reuse;
    EXPECT_NO_THROW(reuse.bind(Poco::Net::SocketAddress("127.0.0.1", 18151), true, false));
}

namespace {

// A raw client: what a browser or a local process sends, byte for byte.
Poco::Net::StreamSocket connectTo(int port) {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(5, 0));
    socket.setReceiveTimeout(Poco::Timespan(60, 0));  // generous: the assertions are about what arrives
    return socket;
}

// Everything the listener answers until it closes the connection.
std::string readAll(Poco::Net::StreamSocket& socket) {
    std::string answer;
    char buffer[1024];
    for (int n; (n = socket.receiveBytes(buffer, sizeof buffer)) > 0;) answer.append(buffer, static_cast<std::size_t>(n));
    return answer;
}

std::string exchange(int port, const std::string& request) {
    auto socket = connectTo(port);
    socket.sendBytes(request.data(), static_cast<int>(request.size()));
    return readAll(socket);
}

std::string statusLine(const std::string& answer) { return answer.substr(0, answer.find("\r\n")); }

// True while the listener has neither closed nor answered the connection.
bool stillOpen(Poco::Net::StreamSocket& socket) { return !socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ); }

}  // namespace

// Issue 21 item 4: 30 idle connections from a local process delayed the callback by about 40 s
// (POCO's 4 connection threads each waited 10 s for a request that never came).
TEST(LoopbackListener, IdleConnectionsDoNotHoldBackTheCallback) {
    // A head deadline far beyond the test's run: the idle connections cannot time out first, so
    // their still being open below shows the callback did not wait for them (the default 5 s
    // would be a window a loaded machine can miss).
    LoopbackListener::Limits limits;
    limits.headDeadline = Poco::Timespan(300, 0);
    std::atomic<int> calls{0};
    LoopbackListener listener(range(18161, 3), "/callback", [&](const auto&) {
        ++calls;
        // Not `finished`: a finishing page stops the gate, which closes the idle connections
        // itself, and the check below could not tell that apart from a timeout.
        return CallbackPage{200, "done", false};
    }, limits);
    std::vector<Poco::Net::StreamSocket> idle;
    for (int i = 0; i < 40; ++i) idle.push_back(connectTo(listener.port()));

    const std::string answer = exchange(listener.port(), "GET /callback?code=c&state=s HTTP/1.1\r\nHost: 127.0.0.1:" +
                                                             std::to_string(listener.port()) + "\r\n\r\n");
    EXPECT_EQ(statusLine(answer), "HTTP/1.1 200 OK");
    EXPECT_EQ(calls, 1);
    // Handled while every idle connection was still waiting: nothing had to time out first.
    for (auto& socket : idle) EXPECT_TRUE(stillOpen(socket));
}

TEST(LoopbackListener, AnswersAConnectionThatSendsNoCompleteRequestInTime408AndClosesIt) {
    LoopbackListener::Limits limits;
    limits.headDeadline = Poco::Timespan(0, 200 * 1000);  // short, so that the test sees it pass
    LoopbackListener listener(range(18171, 3), "/callback", [](const auto&) { return CallbackPage{200, "ok", false}; },
                              limits);
    auto silent = connectTo(listener.port());
    EXPECT_EQ(statusLine(readAll(silent)).substr(0, 13), "HTTP/1.1 408 ");

    // A slow client: one byte at a time keeps the connection busy but does not extend the deadline.
    auto slow = connectTo(listener.port());
    const std::string head = "GET /callback?state=" + std::string(4000, 's') + " HTTP/1.1\r\n";
    std::size_t sent = 0;
    for (; sent < head.size() && stillOpen(slow); ++sent) {
        try {
            slow.sendBytes(head.data() + sent, 1);
        } catch (const Poco::Exception&) {
            break;  // closed by the listener
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_LT(sent, head.size()) << "the head was never cut off";
    EXPECT_EQ(statusLine(readAll(slow)).substr(0, 13), "HTTP/1.1 408 ");
    EXPECT_TRUE(listener.accepting());
}

// Issue 21 item 5: error responses read "HTTP/1.1 400 OK"; RFC 9112 §3.2: two Host fields are a 400.
TEST(LoopbackListener, RefusalsCarryTheirOwnReasonPhraseAndTwoHostHeadersAre400) {
    std::atomic<int> calls{0};
    LoopbackListener listener(range(18181, 3), "/callback", [&](const auto&) {
        ++calls;
        return CallbackPage{200, "ok", false};
    });
    const std::string host = "Host: 127.0.0.1:" + std::to_string(listener.port()) + "\r\n";
    EXPECT_EQ(statusLine(exchange(listener.port(), "GET /callback?state=s HTTP/1.1\r\n" + host + host + "\r\n")),
              "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(statusLine(exchange(listener.port(), "GET /callback?state=s HTTP/1.1\r\n" + host +
                                                       "Host: evil.example.com\r\n\r\n")),
              "HTTP/1.1 400 Bad Request");
    EXPECT_EQ(statusLine(exchange(listener.port(), "GET /favicon.ico HTTP/1.1\r\n" + host + "\r\n")),
              "HTTP/1.1 404 Not Found");
    EXPECT_EQ(statusLine(exchange(listener.port(), "POST /callback HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n")),
              "HTTP/1.1 405 Method Not Allowed");
    EXPECT_EQ(statusLine(exchange(listener.port(), "GET /callback?state=s HTTP/1.1\r\n" + host + "\r\n")),
              "HTTP/1.1 200 OK");
    EXPECT_EQ(calls, 1);
}
