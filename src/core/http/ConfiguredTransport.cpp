#include "http/ConfiguredTransport.h"

namespace deskauth {

TransportSettings transportSettings(const Configuration& config) {
    TransportSettings transport;
    transport.extraCaFile = config.tls.extraCaFile;
    transport.extraCaDir = config.tls.extraCaDir;
    transport.proxyUrl = config.proxy.url;
    transport.noProxy = config.proxy.noProxy;
    transport.connectTimeout = std::chrono::seconds(config.http.connectTimeoutSeconds);
    transport.requestTimeout = std::chrono::seconds(config.http.requestTimeoutSeconds);
    return transport;
}

}  // namespace deskauth
