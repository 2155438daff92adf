#include "ApiConnection.h"

#include "ErrorResponder.h"
#include "log/Log.h"

#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#ifdef _WIN32
#include <winsock2.h>
#else
#include <sys/socket.h>
#endif

#include <chrono>

namespace deskauth::api {
namespace {

using Poco::Net::HTTPResponse;

Poco::Logger& connectionLog() { return log::get("api.connection"); }

void send(Poco::Net::HTTPServerResponse& out, const ApiResponse& response, bool keepAlive) {
    out.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(response.status));
    out.setKeepAlive(keepAlive);
    out.setDate(Poco::Timestamp());
    out.setContentType("application/json; charset=utf-8");
    // Company data and errors are per user: nothing may be stored by caches on the way.
    out.set("Cache-Control", "no-store");
    out.set("X-Content-Type-Options", "nosniff");
    for (const auto& [name, value] : response.headers) out.add(name, value);
    out.setContentLength(static_cast<std::streamsize>(response.body.size()));
    // send() rather than sendBuffer(): POCO's sendBuffer drops the body when no parsed request is
    // attached, which is the case for the answer to a malformed request. send() also omits the
    // body for HEAD.
    out.send().write(response.body.data(), static_cast<std::streamsize>(response.body.size()));
}

ApiRequest toApiRequest(const Poco::Net::HTTPServerRequest& request, bool& validUri) {
    ApiRequest out;
    out.method = request.getMethod();
    out.host = request.getHost();
    for (const auto& [name, value] : request) {
        if (Poco::icompare(name, "Authorization") == 0) {
            if (++out.authorizationHeaders == 1) out.authorization = value;
        } else if (Poco::icompare(name, "DPoP") == 0) {
            if (++out.dpopHeaders == 1) out.dpop = value;
        }
    }
    try {
        out.path = Poco::URI(request.getURI()).getPath();  // the query string is dropped here
        validUri = true;
    } catch (const Poco::SyntaxException&) {
        out.path = "(invalid URI)";
        validUri = false;
    }
    return out;
}

}  // namespace

ApiConnection::ApiConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                             const ApiService& service, const RequestLog& log, ApiConnectionFactory& factory)
    : TCPServerConnection(socket), params_(std::move(params)), service_(service), log_(log), factory_(factory) {}

void ApiConnection::run() {
    factory_.enter(this);
    try {
        Poco::Net::HTTPServerSession session(socket(), params_);
        while (!stopped_ && session.hasMoreRequests()) {
            std::lock_guard lock(requestMutex_);
            if (stopped_ || !serveOne(session)) break;
        }
    } catch (const Poco::Exception& e) {
        // TLS handshake failures, resets and read timeouts: there is no one left to answer.
        connectionLog().debug("connection closed: %s", e.displayText());
    } catch (const std::exception& e) {
        connectionLog().warning("connection closed: %s", std::string(e.what()));
    }
    factory_.leave(this);
}

bool ApiConnection::serveOne(Poco::Net::HTTPServerSession& session) {
    auto started = std::chrono::steady_clock::now();
    try {
        Poco::Net::HTTPServerResponseImpl httpResponse(session);
        Poco::Net::HTTPServerRequestImpl httpRequest(httpResponse, session, params_);
        started = std::chrono::steady_clock::now();  // "ms" is the time to answer, not to receive
        bool validUri = false;
        const ApiRequest request = toApiRequest(httpRequest, validUri);
        ApiResponse response;
        if (validUri) {
            response = service_.handle(request);
        } else {
            response.status = 400;
            response.body = ErrorResponder::body("invalid_request", "The request URI is not valid.");
            response.reason = "invalid URI";
        }
        httpResponse.setVersion(httpRequest.getVersion());
        // GET requests have no body; a request that sends one anyway is answered and closed, as
        // its unread body would otherwise be taken for the next request.
        const bool hasBody = httpRequest.getChunkedTransferEncoding() || httpRequest.getContentLength() > 0;
        const bool keepAlive = params_->getKeepAlive() && httpRequest.getKeepAlive() && session.canKeepAlive() && !hasBody;
        send(httpResponse, response, keepAlive);
        session.setKeepAlive(keepAlive);
        log_.write(request, response, std::chrono::steady_clock::now() - started);
        return keepAlive;
    } catch (const Poco::Net::NoMessageException&) {
        return false;  // the client closed an idle keep-alive connection
    } catch (const Poco::Net::MessageException& e) {
        answerMalformed(session, e.message(), started);
        return false;
    }
}

void ApiConnection::answerMalformed(Poco::Net::HTTPServerSession& session, const std::string& problem,
                                    std::chrono::steady_clock::time_point started) {
    ApiResponse response;
    response.status = 400;
    response.reason = "malformed request: " + problem;
    response.body = ErrorResponder::body("invalid_request", "The request could not be read: " + problem + ".");
    // RFC 6585 §5 / RFC 9110 §15.5.15: distinct statuses for oversized header fields and URIs.
    if (problem.find("URI") != std::string::npos) {
        response.status = 414;
        response.body = ErrorResponder::body("uri_too_long", "The request URI is too long.");
    } else if (problem.find("too long") != std::string::npos || problem.find("Too many") != std::string::npos) {
        response.status = 431;
        response.body = ErrorResponder::body("header_too_large", "The request header is too large.");
    }
    try {
        Poco::Net::HTTPServerResponseImpl out(session);
        out.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
        send(out, response, false);
        session.setKeepAlive(false);
    } catch (const Poco::Exception& e) {
        response.reason += " (the answer could not be sent: " + e.displayText() + ")";
    }
    log_.write(ApiRequest{"-", "-", "", 0}, response, std::chrono::steady_clock::now() - started);
    try {
        // Read (and drop) what the client is still sending, briefly, so that closing a socket with
        // unread data does not reset the connection before the client has read the answer.
        socket().setReceiveTimeout(Poco::Timespan(0, 200'000));
        char buffer[8192];
        for (int total = 0; total < 1024 * 1024;) {
            const int n = socket().receiveBytes(buffer, sizeof buffer);
            if (n <= 0) break;
            total += n;
        }
    } catch (const Poco::Exception&) {
        // the client is gone or quiet: either way we are done
    }
}

void ApiConnection::stop() {
    stopped_ = true;
    std::lock_guard lock(requestMutex_);  // waits for the request in progress
    // Wakes a thread waiting for the next keep-alive request. Only the TCP socket is shut down
    // (no TLS close_notify), as the connection thread may be inside OpenSSL at this moment.
#ifdef _WIN32
    ::shutdown(socket().impl()->sockfd(), SD_BOTH);
#else
    ::shutdown(socket().impl()->sockfd(), SHUT_RDWR);
#endif
}

ApiConnectionFactory::ApiConnectionFactory(Poco::Net::HTTPServerParams::Ptr params, const ApiService& service,
                                           const RequestLog& log)
    : params_(std::move(params)), service_(service), log_(log) {}

Poco::Net::TCPServerConnection* ApiConnectionFactory::createConnection(const Poco::Net::StreamSocket& socket) {
    return new ApiConnection(socket, params_, service_, log_, *this);
}

void ApiConnectionFactory::enter(ApiConnection* connection) {
    std::lock_guard lock(mutex_);
    if (stopping_) {
        connection->stop();
        return;
    }
    live_.insert(connection);
}

void ApiConnectionFactory::leave(ApiConnection* connection) {
    std::lock_guard lock(mutex_);
    live_.erase(connection);
}

void ApiConnectionFactory::stopAll() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (ApiConnection* connection : live_) connection->stop();
}

}  // namespace deskauth::api
