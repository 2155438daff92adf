#pragma once
// Which proxy, if any, a request to a host goes through: `proxy.url` from the configuration, else
// HTTPS_PROXY / https_proxy from the environment; `proxy.noProxy`, else NO_PROXY / no_proxy,
// lists hosts that are reached directly (a name matches itself and its subdomains; "*" = all).
// Loopback hosts (127.0.0.0/8, ::1, localhost) are reached directly unless the list contains
// "<-loopback>" (Chromium's spelling for the same rule), which lets a local debugging proxy see
// traffic to servers on this machine. Pure functions of their inputs and the environment.
// Threads: pure apart from reading the environment; any thread.
#include <string>

namespace deskauth {

struct ProxyRoute {
    std::string url;     // http://host:port of the proxy; empty = direct
    std::string source;  // where it came from: "proxy.url" or "HTTPS_PROXY" (empty when direct)
    std::string host;    // the proxy's host and port, for messages
    int port = 0;
    bool direct() const { return url.empty(); }
    // "through the proxy http://host:port (HTTPS_PROXY)" or "directly (no proxy)", for messages.
    std::string describe() const;
};

// `configuredUrl` / `configuredNoProxy` are the configuration's values (empty = use the
// environment). Throws NetworkError (NetworkFailure::Proxy) for a proxy URL that cannot be parsed.
ProxyRoute chooseProxy(const std::string& configuredUrl, const std::string& configuredNoProxy, const std::string& host);

bool isLoopbackHost(const std::string& host);

}  // namespace deskauth
