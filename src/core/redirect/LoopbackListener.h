#pragma once
// The loopback redirect listener of RFC 8252 §7.3: a small HTTP server on 127.0.0.1 (never
// 0.0.0.0, RFC 8252 §8.3) on the first free port of a range, alive only for the logins it serves.
// Only GET on the callback path with Host 127.0.0.1:<port> is handed to the callback handler;
// every other path is a 404 and the listener keeps waiting (a stray /favicon.ico must not break a
// login). Requests are size-limited and connections are not kept alive. Connections wait for
// their request in the HeaderGate, so idle ones cannot hold back the browser's (issue 21).
//
// Threads: two of the listener's own. The gate thread accepts, reads request heads and answers
// every refusal itself; the handler runs on the callback thread, one callback at a time. When the
// handler returns a page with `finished` set, the listener stops accepting before sending it. The
// destructor (or stop()) joins both threads; do not call it from the handler.
#include "config/Configuration.h"
#include "redirect/HeaderGate.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

namespace deskauth {

struct CallbackPage {
    int status = 200;
    std::string html;
    bool finished = false;  // stop accepting connections (and free the port) before this page is sent
};

class LoopbackListener {
public:
    using Handler = std::function<CallbackPage(const std::map<std::string, std::string>& query)>;
    using Limits = HeaderGate::Limits;

    // Binds the first free port of `ports` on 127.0.0.1; throws PortsBusyError when none is free.
    // `limits` are the HeaderGate's (tests choose their own deadline).
    LoopbackListener(PortRange ports, std::string callbackPath, Handler handler, Limits limits = {});
    ~LoopbackListener();
    LoopbackListener(const LoopbackListener&) = delete;
    LoopbackListener& operator=(const LoopbackListener&) = delete;

    int port() const { return port_; }
    std::string redirectUri() const;
    bool accepting() const;

    // Stops accepting new connections and frees the port (safe from the handler thread; idempotent).
    void stopAccepting();
    // Stops and joins every thread of the listener. Not from the handler thread.
    void stop();

private:
    struct Callback {
        Poco::Net::StreamSocket connection;
        std::map<std::string, std::string> query;
    };
    static constexpr std::size_t maxQueuedCallbacks = 8;

    void answer(Poco::Net::StreamSocket connection, const std::string& head);  // gate thread
    void serveCallbacks();                                                     // callback thread

    std::string callbackPath_;
    Handler handler_;
    int port_ = 0;
    Poco::Net::ServerSocket socket_;
    std::unique_ptr<HeaderGate> gate_;
    std::thread gateThread_;
    std::thread callbackThread_;
    mutable std::mutex mutex_;  // accepting_, stopped_, and the gate thread's join
    bool accepting_ = false;
    bool stopped_ = false;
    std::mutex queueMutex_;  // callbacks_, closing_
    std::condition_variable queueChanged_;
    std::deque<Callback> callbacks_;
    bool closing_ = false;
};

}  // namespace deskauth
