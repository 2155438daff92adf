#pragma once
// What the loopback listener makes of one HTTP request (RFC 8252 §7.3): the authorization
// response's query when it is a GET of the callback path for our own origin, or the status to
// refuse it with. Pure (no sockets), so it is unit-tested and fuzzed on its own.
// Threads: pure (classify()); runs on a listener thread.
#include <Poco/Net/HTTPRequest.h>

#include <cstddef>
#include <map>
#include <string>

namespace deskauth {

struct CallbackRequest {
    enum class Verdict { callback, badRequest, notFound, methodNotAllowed, tooLarge };

    static constexpr std::size_t maxQueryBytes = std::size_t{8} * 1024;

    Verdict verdict = Verdict::badRequest;
    std::string reason;                        // why it was refused, for the debug log
    std::map<std::string, std::string> query;  // only for Verdict::callback

    // `port` is the listener's own port: the Host header must be exactly 127.0.0.1:<port>.
    static CallbackRequest classify(const Poco::Net::HTTPRequest& request, int port, const std::string& callbackPath);
    // The same for a request head as read from the connection (request line and header fields);
    // a head POCO's parser refuses is a bad request.
    static CallbackRequest fromHead(const std::string& head, int port, const std::string& callbackPath);
};

}  // namespace deskauth
