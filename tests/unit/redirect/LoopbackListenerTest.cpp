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
