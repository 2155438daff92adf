#include "redirect/LoopbackListener.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "redirect/CallbackRequest.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NetException.h>

namespace deskauth {
namespace {

void sendPlain(Poco::Net::HTTPServerResponse& response, Poco::Net::HTTPResponse::HTTPStatus status,
               const std::string& text) {
    response.setStatus(status);
    response.setContentType("text/plain; charset=utf-8");
    response.set("Cache-Control", "no-store");
    response.setContentLength(static_cast<std::streamsize>(text.size()));
    response.send() << text;
}

class CallbackRequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
    CallbackRequestHandler(LoopbackListener& listener, const LoopbackListener::Handler& handler,
                           std::string callbackPath)
        : listener_(listener), handler_(handler), callbackPath_(std::move(callbackPath)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        using Status = Poco::Net::HTTPResponse;
        auto& logger = log::get("loopback");
        const CallbackRequest callback = CallbackRequest::classify(request, listener_.port(), callbackPath_);
        switch (callback.verdict) {
        case CallbackRequest::Verdict::callback:
            break;
        case CallbackRequest::Verdict::notFound:
            logger.debug("404 for %s %s", request.getMethod(), log::redact(request.getURI()));
            sendPlain(response, Status::HTTP_NOT_FOUND, "Not found");
            return;
        case CallbackRequest::Verdict::methodNotAllowed:
            sendPlain(response, Status::HTTP_METHOD_NOT_ALLOWED, "Method not allowed");
            return;
        case CallbackRequest::Verdict::tooLarge:
            sendPlain(response, Status::HTTP_REQUEST_URI_TOO_LONG, "Request too large");
            return;
        case CallbackRequest::Verdict::badRequest:
            logger.warning("refused a request (%s) with Host '%s'", callback.reason, log::redact(request.get(Poco::Net::HTTPRequest::HOST, "")));
            sendPlain(response, Status::HTTP_BAD_REQUEST, "Bad request");
            return;
        }

        CallbackPage page = handler_(callback.query);
        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(page.status));
        response.setContentType("text/html; charset=utf-8");
        response.set("Cache-Control", "no-store");
        response.set("Referrer-Policy", "no-referrer");
        response.set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
        response.setContentLength(static_cast<std::streamsize>(page.html.size()));
        response.send() << page.html;
        if (page.finished) listener_.stopAccepting();
    }

private:
    LoopbackListener& listener_;
    const LoopbackListener::Handler& handler_;
    std::string callbackPath_;
};

}  // namespace

class LoopbackListener::Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(LoopbackListener& listener) : listener_(listener) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new CallbackRequestHandler(listener_, listener_.handler_, listener_.callbackPath_);
    }

private:
    LoopbackListener& listener_;
};

LoopbackListener::LoopbackListener(PortRange ports, std::string callbackPath, Handler handler)
    : callbackPath_(std::move(callbackPath)), handler_(std::move(handler)), threads_(1, 4, 5) {
#if defined(_WIN32)
    const bool reuseAddress = false;  // on Windows SO_REUSEADDR would let another process take the port
#else
    const bool reuseAddress = true;   // rebinding over our own TIME_WAIT connections; never over a listener
#endif
    for (int port = ports.first; port <= ports.last && port_ == 0; ++port) {
        try {
            // RFC 8252 §8.3: bind the loopback interface only, never all interfaces.
            socket_.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), reuseAddress, false);
            socket_.listen(16);
            port_ = port;
        } catch (const Poco::Net::NetException& e) {
            log::get("loopback").debug("port %d is busy: %s", port, e.displayText());
            socket_ = Poco::Net::ServerSocket();
        }
    }
    if (port_ == 0) throw PortsBusyError(ports.first, ports.last);

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setKeepAlive(false);
    params->setMaxThreads(4);
    params->setMaxQueued(16);
    params->setTimeout(Poco::Timespan(10, 0));
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), threads_, socket_, params);
    server_->start();
    accepting_ = true;
    log::get("loopback").information("listening on 127.0.0.1:%d for the sign-in response", port_);
}

LoopbackListener::~LoopbackListener() { stop(); }

std::string LoopbackListener::redirectUri() const {
    return "http://127.0.0.1:" + std::to_string(port_) + callbackPath_;
}

bool LoopbackListener::accepting() const {
    std::lock_guard lock(mutex_);
    return accepting_;
}

void LoopbackListener::stopAccepting() {
    std::lock_guard lock(mutex_);
    if (!accepting_) return;
    accepting_ = false;
    server_->stop();  // joins only the acceptor thread, not the connection threads
    socket_.close();  // frees the port at once
    log::get("loopback").information("stopped listening on 127.0.0.1:%d", port_);
}

void LoopbackListener::stop() {
    stopAccepting();
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
    }
    threads_.joinAll();  // without the lock: a handler may still be calling stopAccepting()
    server_.reset();
}

}  // namespace deskauth
