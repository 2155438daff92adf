#pragma once
// The transport settings (CAs, proxy, time limits) a configuration asks for, so the app, its
// diagnostics and the API connect by the same rules.
// Threads: pure (no I/O); the proxy login lookup it is given is called later, on the sending
// thread.
#include "config/Configuration.h"
#include "http/PocoHttpTransport.h"

namespace deskauth {

// `proxyLogin` answers for a proxy that asks for a login (the app passes the secret store's,
// storage/ProxyLogin.h: injected so that http/ does not depend on storage/). Pure, no I/O.
TransportSettings transportSettings(const Configuration& config, ProxyLoginLookup proxyLogin = {});
// The same from the parts the API's settings share with the app's.
TransportSettings transportSettings(const ExtraCaSettings& tls, const ProxySettings& proxy, int connectTimeoutSeconds,
                                    int requestTimeoutSeconds);

}  // namespace deskauth
