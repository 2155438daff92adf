#pragma once
// One HTTP exchange, as plain data, behind an interface so that OAuth and API logic can be
// unit-tested with a fake. The real implementation is PocoHttpTransport.
#include "http/CancelSignal.h"

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace deskauth {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "GET";
    std::string url;
    HeaderList headers;
    std::string contentType;
    std::string body;
    // The largest response body this caller accepts; 0 means the transport's own limit. A server
    // sending more is refused rather than buffered (see oauth/ResponseLimits.h).
    std::size_t maxResponseBytes = 0;
    // When it fires, the exchange stops at once (its connection is cut) with Cancelled; it must
    // outlive send(). nullptr: not cancellable.
    CancelSignal* cancel = nullptr;
};

struct HttpResponse {
    int status = 0;
    HeaderList headers;
    std::string body;

    // First value of a header (case-insensitive name), or "".
    std::string header(const std::string& name) const;
    std::vector<std::string> headerValues(const std::string& name) const;
};

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    // Throws NetworkError / TimedOut when no HTTP response arrives, Cancelled when the request's
    // cancel signal fired. Thread-safe.
    virtual HttpResponse send(const HttpRequest& request) = 0;
};

// application/x-www-form-urlencoded body from name/value pairs.
std::string formUrlEncode(const HeaderList& fields);

}  // namespace deskauth
