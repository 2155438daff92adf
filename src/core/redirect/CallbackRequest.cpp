#include "redirect/CallbackRequest.h"

#include "redirect/RedirectQuery.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <sstream>
#include <stdexcept>

namespace deskauth {
namespace {

CallbackRequest refuse(CallbackRequest::Verdict verdict, std::string reason) {
    CallbackRequest result;
    result.verdict = verdict;
    result.reason = std::move(reason);
    return result;
}

std::size_t hostFields(const Poco::Net::HTTPRequest& request) {
    std::size_t count = 0;
    for (const auto& [name, value] : request) {
        if (Poco::icompare(name, Poco::Net::HTTPRequest::HOST) == 0) ++count;
    }
    return count;
}

}  // namespace

CallbackRequest CallbackRequest::classify(const Poco::Net::HTTPRequest& request, int port,
                                          const std::string& callbackPath) {
    Poco::URI uri;
    try {
        uri = Poco::URI(request.getURI());
    } catch (const Poco::SyntaxException&) {
        return refuse(Verdict::badRequest, "malformed request target");
    }
    // Only answer for our own origin: a page in the browser that points another host name at
    // 127.0.0.1 (DNS rebinding) sends a different Host header and gets nothing.
    // get(), not getHost(): that throws when the header is missing (HTTP/1.0 has none).
    // RFC 9112 §3.2: a request with more than one Host field gets 400; get() would read the first.
    if (hostFields(request) > 1) return refuse(Verdict::badRequest, "more than one Host header");
    if (request.get(Poco::Net::HTTPRequest::HOST, "") != "127.0.0.1:" + std::to_string(port)) {
        return refuse(Verdict::badRequest, "foreign Host header");
    }
    if (uri.getPath() != callbackPath) return refuse(Verdict::notFound, "not the callback path");
    if (request.getMethod() != Poco::Net::HTTPRequest::HTTP_GET) {
        return refuse(Verdict::methodNotAllowed, "method other than GET");
    }
    if (uri.getRawQuery().size() > maxQueryBytes) return refuse(Verdict::tooLarge, "query larger than 8 KB");
    CallbackRequest result;
    try {
        result.query = redirectQuery(uri);
    } catch (const std::invalid_argument& e) {
        return refuse(Verdict::badRequest, e.what());
    }
    result.verdict = Verdict::callback;
    return result;
}

CallbackRequest CallbackRequest::fromHead(const std::string& head, int port, const std::string& callbackPath) {
    std::istringstream in(head);
    Poco::Net::HTTPRequest request;
    try {
        request.read(in);
    } catch (const Poco::Exception& e) {
        return refuse(Verdict::badRequest, "malformed request head: " + e.message());
    }
    return classify(request, port, callbackPath);
}

}  // namespace deskauth
