#pragma once
// The HTTPS listener: a TLS 1.2+ SecureServerSocket bound to 127.0.0.1 only (never another
// interface), a POCO TCPServer with its own thread pool, and ApiConnection per connection.
// Construct (binds, so a busy port fails here), start(), stop(). stop() stops accepting, lets the
// requests in progress finish and closes idle keep-alive connections. start/stop from one thread.
#include "ApiConnection.h"

#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>

namespace deskauth::api {

struct ServerSettings {
    int port = 8444;  // 0 = any free port
    std::string certificateFile;
    std::string privateKeyFile;
    int maxThreads = 32;  // one per open connection (POCO's model): keep above the expected clients
    int maxQueued = 128;
    std::chrono::seconds requestTimeout{10};    // to receive a request's header (slow clients)
    std::chrono::seconds keepAliveTimeout{10};  // idle time before a keep-alive connection closes
};

// The port is taken by another program.
class PortInUse : public std::runtime_error {
public:
    explicit PortInUse(int port);
};

class ApiServer {
public:
    // Throws PortInUse, or std::runtime_error when the certificate or key cannot be used.
    ApiServer(const ServerSettings& settings, const ApiService& service, const RequestLog& log);
    ~ApiServer();

    void start();
    void stop();
    int port() const;

private:
    Poco::ThreadPool pool_;
    ApiConnectionFactory* factory_ = nullptr;  // owned by server_
    std::unique_ptr<Poco::Net::TCPServer> server_;
    bool stopped_ = false;
};

}  // namespace deskauth::api
