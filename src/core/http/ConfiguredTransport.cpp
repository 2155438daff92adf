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

TransportSettings transportSettings(const Configuration& config) {
    return transportSettings(config.tls, config.proxy, config.http.connectTimeoutSeconds, config.http.requestTimeoutSeconds);
}

}  // namespace deskauth
