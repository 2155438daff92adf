#include "redirect/LoopbackListener.h"

#include "errors/Errors.h"
#include "log/Log.h"
#include "redirect/CallbackRequest.h"
#include "redirect/LoopbackReply.h"

#include <Poco/Net/NetException.h>

namespace deskauth {
namespace {

LoopbackReply refusal(const CallbackRequest& request) {
    switch (request.verdict) {
    case CallbackRequest::Verdict::notFound: return LoopbackReply::plain(404, "Not found");
    case CallbackRequest::Verdict::methodNotAllowed: return LoopbackReply::plain(405, "Method not allowed");
    case CallbackRequest::Verdict::tooLarge: return LoopbackReply::plain(414, "Request too large");
    case CallbackRequest::Verdict::badRequest:
    case CallbackRequest::Verdict::callback: break;
    }
    return LoopbackReply::plain(400, "Bad request");
}

LoopbackReply pageReply(const CallbackPage& page) {
    LoopbackReply reply;
    reply.status = page.status;
    reply.contentType = "text/html; charset=utf-8";
    reply.body = page.html;
    reply.headers = {{"Referrer-Policy", "no-referrer"},
                     {"Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src data:"}};
    return reply;
}

}  // namespace

LoopbackListener::LoopbackListener(PortRange ports, std::string callbackPath, Handler handler, Limits limits)
    : callbackPath_(std::move(callbackPath)), handler_(std::move(handler)) {
#if defined(_WIN32)
    const bool reuseAddress = false;  // on Windows SO_REUSEADDR would let another process take the port
#else
    const bool reuseAddress = true;   // rebinding over our own TIME_WAIT connections; never over a listener
#endif
    for (int port = ports.first; port <= ports.last && port_ == 0; ++port) {
        try {
            // RFC 8252 §8.3: bind the loopback interface only, never all interfaces.
            socket_.bind(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), reuseAddress, false);
            socket_.listen(64);
            port_ = port;
        } catch (const Poco::Net::NetException& e) {
            log::get("loopback").debug("port %d is busy: %s", port, e.displayText());
            socket_ = Poco::Net::ServerSocket();
        }
    }
    if (port_ == 0) throw PortsBusyError(ports.first, ports.last);

    gate_ = std::make_unique<HeaderGate>(socket_, limits, [this](Poco::Net::StreamSocket connection, const std::string& head) {
        answer(std::move(connection), head);
    });
    accepting_ = true;
    callbackThread_ = std::thread(&LoopbackListener::serveCallbacks, this);
    gateThread_ = std::thread([this] { gate_->run(); });
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

void LoopbackListener::answer(Poco::Net::StreamSocket connection, const std::string& head) {
    auto& logger = log::get("loopback");
    CallbackRequest request = CallbackRequest::fromHead(head, port_, callbackPath_);
    if (request.verdict != CallbackRequest::Verdict::callback) {
        if (request.verdict == CallbackRequest::Verdict::badRequest) {
            logger.warning("refused a request (%s)", request.reason);
        } else {
            logger.debug("refused a request (%s)", request.reason);
        }
        refusal(request).send(connection);
        return;
    }
    std::unique_lock lock(queueMutex_);
    if (closing_ || callbacks_.size() >= maxQueuedCallbacks) {
        lock.unlock();
        logger.warning("refused a callback request: %z already waiting for the handler", maxQueuedCallbacks);
        LoopbackReply::plain(503, "Busy, try again").send(connection);
        return;
    }
    callbacks_.push_back({std::move(connection), std::move(request.query)});
    queueChanged_.notify_one();
}

void LoopbackListener::serveCallbacks() {
    for (;;) {
        Callback callback;
        {
            std::unique_lock lock(queueMutex_);
            queueChanged_.wait(lock, [this] { return closing_ || !callbacks_.empty(); });
            if (closing_) return;
            callback = std::move(callbacks_.front());
            callbacks_.pop_front();
        }
        CallbackPage page;
        try {
            page = handler_(callback.query);
        } catch (const std::exception& e) {
            log::get("loopback").error("the callback handler failed: %s", std::string(e.what()));
            page = {500, "<p>Internal error</p>", false};
        }
        // A finishing page closes the port before it is sent: whoever reads the page (the browser,
        // a test) finds the listener no longer accepting and the port free.
        if (page.finished) stopAccepting();
        pageReply(page).send(callback.connection);
    }
}

void LoopbackListener::stopAccepting() {
    std::lock_guard lock(mutex_);
    if (!accepting_) return;
    accepting_ = false;
    gate_->stop();
    gateThread_.join();  // never the calling thread: the gate calls nothing that comes back here
    socket_.close();     // frees the port at once
    log::get("loopback").information("stopped listening on 127.0.0.1:%d", port_);
}

void LoopbackListener::stop() {
    stopAccepting();
    {
        std::lock_guard lock(mutex_);
        if (stopped_) return;
        stopped_ = true;
    }
    {
        std::lock_guard lock(queueMutex_);
        closing_ = true;
        callbacks_.clear();  // closes connections whose callback was never handled
    }
    queueChanged_.notify_all();
    callbackThread_.join();  // without mutex_: the handler may still be calling stopAccepting()
}

}  // namespace deskauth
