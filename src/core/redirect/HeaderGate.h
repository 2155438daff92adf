#pragma once
// Holds the loopback listener's connections until each has sent its request head (RFC 9112 §2.1:
// the request line and header fields up to the empty line), all on one thread and never blocking
// on any of them: an idle or slow connection costs a socket and a buffer, not a thread, so a local
// process opening many idle connections cannot hold back the browser's callback (issue 21; POCO's
// server gave each connection one of 4 threads for up to 10 s). A head not complete within the
// deadline is answered 408, one larger than the limit 431; past the pending limit the oldest
// connection is closed (the browser sends its request at once, so it is never the oldest for long).
// Threads: run() loops on the calling thread (the listener's gate thread) until stop(), and calls
// `ready` there; stop() may be called from any thread and returns at once (run() sees it within
// 100 ms).
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Timespan.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

namespace deskauth {

class HeaderGate {
public:
    struct Limits {
        Poco::Timespan headDeadline{5, 0};  // from the accept to the empty line ending the head
        std::size_t maxHeadBytes = std::size_t{32} * 1024;
        std::size_t maxPending = 256;  // connections still sending their head
    };
    // Gets each connection whose head is complete (blocking again) with the bytes read so far.
    using Ready = std::function<void(Poco::Net::StreamSocket connection, const std::string& head)>;

    HeaderGate(Poco::Net::ServerSocket& socket, Limits limits, Ready ready);

    void run();
    void stop() { stopping_ = true; }

private:
    Poco::Net::ServerSocket& socket_;
    Limits limits_;
    Ready ready_;
    std::atomic<bool> stopping_{false};
};

}  // namespace deskauth
