#include "redirect/LoopbackReply.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPResponse.h>

#include <sstream>

namespace deskauth {

LoopbackReply LoopbackReply::plain(int status, std::string text) {
    LoopbackReply reply;
    reply.status = status;
    reply.body = std::move(text);
    return reply;
}

std::string LoopbackReply::bytes() const {
    Poco::Net::HTTPResponse response;
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    // setStatusAndReason, not setStatus: that keeps the default reason "OK" whatever the status.
    response.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
    response.setContentType(contentType);
    response.setContentLength(static_cast<std::streamsize>(body.size()));
    response.setKeepAlive(false);
    response.set("Cache-Control", "no-store");
    for (const auto& [name, value] : headers) response.set(name, value);
    std::ostringstream out;
    response.write(out);
    out << body;
    return out.str();
}

void LoopbackReply::send(Poco::Net::StreamSocket& socket) const {
    const std::string data = bytes();
    try {
        socket.setBlocking(true);
        socket.setSendTimeout(Poco::Timespan(2, 0));  // a few hundred bytes: only a stuck peer waits
        for (std::size_t sent = 0; sent < data.size();) {
            const int n = socket.sendBytes(data.data() + sent, static_cast<int>(data.size() - sent));
            if (n <= 0) break;
            sent += static_cast<std::size_t>(n);
        }
        socket.shutdownSend();
    } catch (const Poco::Exception&) {
        // the client closed or reset the connection first: nothing left to tell it
    }
    socket.close();
}

}  // namespace deskauth
