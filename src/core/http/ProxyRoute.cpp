#include "http/ProxyRoute.h"

#include "errors/Errors.h"

#include <Poco/Environment.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

namespace deskauth {
namespace {

std::string environment(const char* upper, const char* lower) {
    std::string value = Poco::Environment::get(upper, "");
    return value.empty() ? Poco::Environment::get(lower, "") : value;
}

bool bypasses(const std::string& noProxy, const std::string& host) {
    Poco::StringTokenizer entries(noProxy, ",", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    bool loopbackDirect = true;
    for (const auto& entry : entries) {
        if (entry == "<-loopback>") loopbackDirect = false;
    }
    if (loopbackDirect && isLoopbackHost(host)) return true;
    for (const auto& entry : entries) {
        if (entry == "*") return true;
        if (entry == "<-loopback>") continue;
        const std::string suffix = entry.front() == '.' ? entry : "." + entry;
        const std::string bare = entry.front() == '.' ? entry.substr(1) : entry;
        if (host == bare ||
            (host.size() > suffix.size() && host.compare(host.size() - suffix.size(), suffix.size(), suffix) == 0)) {
            return true;
        }
    }
    return false;
}

}  // namespace

bool isLoopbackHost(const std::string& host) {
    return host == "::1" || host == "[::1]" || host == "localhost" || host.rfind("127.", 0) == 0;
}

std::string ProxyRoute::describe() const {
    if (direct()) return "directly (no proxy)";
    return "through the proxy " + host + ":" + std::to_string(port) + " (" + source + ")";
}

ProxyRoute chooseProxy(const std::string& configuredUrl, const std::string& configuredNoProxy, const std::string& host) {
    ProxyRoute route;
    std::string url = configuredUrl;
    std::string source = "proxy.url";
    if (url.empty()) {
        url = environment("HTTPS_PROXY", "https_proxy");
        source = Poco::Environment::has("HTTPS_PROXY") && !Poco::Environment::get("HTTPS_PROXY").empty() ? "HTTPS_PROXY"
                                                                                                         : "https_proxy";
    }
    if (url.empty()) return route;
    const std::string noProxy = configuredNoProxy.empty() ? environment("NO_PROXY", "no_proxy") : configuredNoProxy;
    if (bypasses(noProxy, host)) return route;
    try {
        // curl accepts HTTPS_PROXY without a scheme ("proxy:3128"); so do we.
        Poco::URI uri(url.find("://") == std::string::npos ? "http://" + url : url);
        if (uri.getHost().empty()) throw Poco::SyntaxException("no host");
        route.url = url;
        route.source = source;
        route.host = uri.getHost();
        route.port = uri.getPort();
    } catch (const Poco::SyntaxException& e) {
        throw NetworkError("The proxy setting (" + source + ") is not a valid URL.", e.message(), NetworkFailure::Proxy);
    }
    return route;
}

}  // namespace deskauth
