#pragma once
// The transport settings (CAs, proxy, time limits) a configuration asks for, so the app, its
// diagnostics and the API connect by the same rules.
#include "config/Configuration.h"
#include "http/PocoHttpTransport.h"

namespace deskauth {

// With the proxy login from the secret store (storage/ProxyLogin.h).
TransportSettings transportSettings(const Configuration& config);
// The same from the parts the API's settings share with the app's.
TransportSettings transportSettings(const ExtraCaSettings& tls, const ProxySettings& proxy, int connectTimeoutSeconds,
                                    int requestTimeoutSeconds);

}  // namespace deskauth
