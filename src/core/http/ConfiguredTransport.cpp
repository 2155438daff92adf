#include "http/ConfiguredTransport.h"

#include "storage/ProxyLogin.h"

namespace deskauth {

TransportSettings transportSettings(const ExtraCaSettings& tls, const ProxySettings& proxy, int connectTimeoutSeconds,
                                    int requestTimeoutSeconds) {
    TransportSettings transport;
    transport.extraCaFile = tls.extraCaFile;
    transport.extraCaDir = tls.extraCaDir;
    transport.proxyUrl = proxy.url;
    transport.noProxy = proxy.noProxy;
    transport.connectTimeout = std::chrono::seconds(connectTimeoutSeconds);
    transport.requestTimeout = std::chrono::seconds(requestTimeoutSeconds);
    return transport;
}

TransportSettings transportSettings(const Configuration& config) {
    TransportSettings transport =
        transportSettings(config.tls, config.proxy, config.http.connectTimeoutSeconds, config.http.requestTimeoutSeconds);
    // A proxy login comes from the secret store, never from the file.
    transport.proxyLogin = [](const std::string& host, int port) -> std::optional<std::pair<std::string, std::string>> {
        if (auto login = lookupProxyLogin(host, port)) return std::pair{login->user, login->password};
        return std::nullopt;
    };
    return transport;
}

}  // namespace deskauth
