#pragma once
// The loopback redirect listener of RFC 8252 §7.3: a small HTTP server on 127.0.0.1 (never
// 0.0.0.0, RFC 8252 §8.3) on the first free port of a range, alive only for the logins it serves.
// Only GET on the callback path with Host 127.0.0.1:<port> is handed to the callback handler;
// every other path is a 404 and the listener keeps waiting (a stray /favicon.ico must not break a
// login). Requests are size-limited and connections are not kept alive.
//
// Threads: the handler runs on one of the listener's own threads. When it returns a page with
// `finished` set, the listener stops accepting after sending it. The destructor (or stop()) joins
// all threads; do not call it from the handler.
#include "config/Configuration.h"

#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace deskauth {

struct CallbackPage {
    int status = 200;
    std::string html;
    bool finished = false;  // stop accepting connections once this page is sent
};

class LoopbackListener {
public:
    using Handler = std::function<CallbackPage(const std::map<std::string, std::string>& query)>;

    // Binds the first free port of `ports` on 127.0.0.1; throws PortsBusyError when none is free.
    LoopbackListener(PortRange ports, std::string callbackPath, Handler handler);
    ~LoopbackListener();
    LoopbackListener(const LoopbackListener&) = delete;
    LoopbackListener& operator=(const LoopbackListener&) = delete;

    int port() const { return port_; }
    std::string redirectUri() const;
    bool accepting() const;

    // Stops accepting new connections (safe from the handler thread; idempotent).
    void stopAccepting();
    // Stops and joins every thread of the listener. Not from the handler thread.
    void stop();

private:
    class Factory;

    std::string callbackPath_;
    Handler handler_;
    int port_ = 0;
    Poco::ThreadPool threads_;
    Poco::Net::ServerSocket socket_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    mutable std::mutex mutex_;
    bool accepting_ = false;
    bool stopped_ = false;
};

}  // namespace deskauth
