#pragma once
// The HTTP layer of one TLS connection (POCO HTTPServerSession, keep-alive), in place of POCO's
// HTTPServerConnection for one reason: a request POCO cannot parse (header field over 8 KB, more
// than 100 fields, URI over 16 KB, garbage) must still get a JSON error and a log line, where
// POCO would send an empty 400. Each request is converted to an ApiRequest, answered by
// ApiService, sent back and logged. Runs on a TCPServer pool thread; one connection per thread.
// ApiConnectionFactory remembers the live connections so that a stop can close idle keep-alive
// connections at once instead of waiting for their timeout.
#include "ApiService.h"
#include "RequestLog.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>

namespace deskauth::api {

class ApiConnectionFactory;

class ApiConnection final : public Poco::Net::TCPServerConnection {
public:
    ApiConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                  const ApiService& service, const RequestLog& log, ApiConnectionFactory& factory);

    void run() override;

    // Called by another thread: lets the request in progress finish, then closes the connection.
    void stop();

private:
    // Serves one request; false when the connection must close.
    bool serveOne(Poco::Net::HTTPServerSession& session);
    // Answers (JSON 400/414/431) and logs a request whose line or header could not be parsed.
    void answerMalformed(Poco::Net::HTTPServerSession& session, const std::string& problem,
                         std::chrono::steady_clock::time_point started);

    Poco::Net::HTTPServerParams::Ptr params_;
    const ApiService& service_;
    const RequestLog& log_;
    ApiConnectionFactory& factory_;
    std::mutex requestMutex_;  // held while a request is being answered
    std::atomic<bool> stopped_{false};
};

class ApiConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
public:
    ApiConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, const ApiService& service, const RequestLog& log);

    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override;

    // Stops every live connection (see ApiConnection::stop) and any that starts later.
    void stopAll();

    void enter(ApiConnection* connection);
    void leave(ApiConnection* connection);

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    const ApiService& service_;
    const RequestLog& log_;
    std::mutex mutex_;
    std::set<ApiConnection*> live_;
    bool stopping_ = false;
};

}  // namespace deskauth::api
