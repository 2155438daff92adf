#include "http/ConfiguredTransport.h"

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

TransportSettings transportSettings(const Configuration& config, ProxyLoginLookup proxyLogin) {
    TransportSettings transport =
        transportSettings(config.tls, config.proxy, config.http.connectTimeoutSeconds, config.http.requestTimeoutSeconds);
    // A proxy login comes from the secret store (through the caller), never from the file.
    transport.proxyLogin = std::move(proxyLogin);
    return transport;
}

}  // namespace deskauth
