#pragma once
// HttpTransport over POCO Net/NetSSL. TLS certificate and host name verification are always on
// (system CAs, on Windows those of its ROOT store, plus an optional extra CA file and/or folder);
// there is deliberately no switch to turn them off. Proxy from settings or HTTPS_PROXY/NO_PROXY (see ProxyRoute.h); https goes through the
// proxy as a CONNECT tunnel, so the proxy never sees the traffic in clear.
// The TLS context (OpenSSL decoding every system CA: about a third of the app's start-up, measured
// in bench/README.md) is made at the first https request or prepareTls(), not in the constructor,
// so that constructing a transport on the UI thread costs nothing.
// Threads: construct anywhere; send() and prepareTls() from any thread, concurrently (blocking).
#include "http/HttpTransport.h"

#include <Poco/Net/Context.h>

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace deskauth {

// The user and password for an authenticating proxy at host:port, or nullopt. May block (the
// app's looks in the secret store); it is called on the thread sending the request.
using ProxyLoginLookup =
    std::function<std::optional<std::pair<std::string, std::string>>(const std::string& host, int port)>;

struct TransportSettings {
    std::string extraCaFile;  // a PEM bundle trusted in addition to the system CAs
    std::string extraCaDir;   // every *.pem / *.crt / *.cer file in it, trusted likewise
    bool trustSystemCAs = true;  // false only for diagnostics: "is it the extra CA that trusts it?"
    std::string proxyUrl;  // empty: HTTPS_PROXY / https_proxy from the environment
    std::string noProxy;   // empty: NO_PROXY / no_proxy from the environment
    std::chrono::seconds connectTimeout{10};
    // The whole exchange (TLS handshake, request, response headers and body), not each read: a
    // server trickling a byte at a time is cut off when it has taken this long.
    std::chrono::seconds requestTimeout{30};
    std::size_t maxResponseBytes = std::size_t{4} * 1024 * 1024;  // a hostile server cannot exhaust memory
    // The proxy's user and password when its URL carries none (the app: the secret store). Asked
    // once per proxy host and port; nullopt = no login.
    ProxyLoginLookup proxyLogin;
};

class PocoHttpTransport final : public HttpTransport {
public:
    explicit PocoHttpTransport(TransportSettings settings);
    HttpResponse send(const HttpRequest& request) override;

    // Makes the TLS context now (the app: on a background thread at start-up) so that the
    // first request does not wait for it. Throws what send() would: a NetworkError naming the CA
    // source that could not be read. Cheap once made.
    void prepareTls();

private:
    Poco::Net::Context::Ptr tlsContext();  // made on first use, under tlsContextMutex_
    std::optional<std::pair<std::string, std::string>> loginFor(const std::string& host, int port);

    TransportSettings settings_;
    std::mutex tlsContextMutex_;
    Poco::Net::Context::Ptr tlsContext_;  // null until first use
    std::mutex loginsMutex_;
    std::map<std::string, std::optional<std::pair<std::string, std::string>>> logins_;  // by host:port
};

}  // namespace deskauth
