#pragma once
// One HTTP/1.1 response of the loopback listener, as the bytes that go on the wire. The reason
// phrase is always the status's own (RFC 9110 §15: "HTTP/1.1 400 OK" was sent before issue 21) and
// every response closes its connection (the listener keeps none alive).
// Threads: a value; send() blocks on its socket (bounded by the socket's send timeout).
#include <Poco/Net/StreamSocket.h>

#include <string>
#include <utility>
#include <vector>

namespace deskauth {

struct LoopbackReply {
    int status = 200;
    std::string contentType = "text/plain; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // besides the ones every reply has

    // A short text answer (404, 400, 408, ...): the refusals that never reach the login.
    static LoopbackReply plain(int status, std::string text);

    std::string bytes() const;
    // Writes the reply and closes the connection; a client that went away is not an error.
    void send(Poco::Net::StreamSocket& socket) const;
};

}  // namespace deskauth
