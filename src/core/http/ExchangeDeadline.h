#pragma once
// Ends an HTTP exchange at its deadline whatever the server does. Socket timeouts bound each read,
// not the exchange: a server that trickles its answer a byte a second (slow loris) never trips
// them. A watcher thread shuts the connection down when the deadline passes, which makes the
// blocked read return; the caller then sees expired() and reports a time-out. abort() cuts the
// connection the same way at once (the caller's CancelSignal fired); the caller sees aborted().
//
// Threads: guard(), expired() and stop() are called by the exchange's thread; the watcher is
// internal; abort() may be called from any thread. stop() (or the destructor) must run before the
// session closes its socket.
#include <Poco/Net/Net.h>  // first: the platform macros SocketDefs.h relies on
#include <Poco/Net/SocketDefs.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace deskauth {

class ExchangeDeadline {
public:
    explicit ExchangeDeadline(std::chrono::seconds timeout);
    ~ExchangeDeadline();
    ExchangeDeadline(const ExchangeDeadline&) = delete;
    ExchangeDeadline& operator=(const ExchangeDeadline&) = delete;

    // The connected socket of the exchange (shut down at once if the deadline already passed).
    void guard(poco_socket_t socket);
    bool expired() const;
    // Cuts the connection now (and any connection guarded later); idempotent.
    void abort();
    bool aborted() const;
    // Stops the watcher (idempotent); expired() keeps its answer.
    void stop();

private:
    void watch();

    const std::chrono::steady_clock::time_point at_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    bool finished_ = false;
    bool expired_ = false;
    bool aborted_ = false;
    poco_socket_t socket_ = POCO_INVALID_SOCKET;
    std::thread watcher_;  // last: starts once everything above exists
};

}  // namespace deskauth
