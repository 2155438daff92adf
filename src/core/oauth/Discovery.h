#pragma once
// OpenID Connect Discovery: fetches the authority's metadata once and caches it. Thread-safe.
#include "http/HttpTransport.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace deskauth {

struct ProviderMetadata {
    std::string issuer;
    std::string authorizationEndpoint;
    std::string tokenEndpoint;
    std::string jwksUri;
    std::string userinfoEndpoint;
    std::string revocationEndpoint;   // RFC 7009, may be empty
    std::string endSessionEndpoint;   // OIDC RP-initiated logout, may be empty
    std::string introspectionEndpoint;  // RFC 7662, may be empty
    std::string deviceAuthorizationEndpoint;  // RFC 8628 §4, may be empty
    bool issParameterSupported = false;  // RFC 9207
    std::vector<std::string> dpopSigningAlgValuesSupported;  // RFC 9449 §5.1, empty: no DPoP
};

class Discovery {
public:
    Discovery(HttpTransport& transport, std::string authority);

    // Throws NetworkError / ServerError / ProtocolError; a failure is not cached.
    ProviderMetadata metadata();

    // `expectedIssuer` is oauth.authority as configured: the issuer must be exactly it.
    static ProviderMetadata parse(const std::string& body, const std::string& expectedIssuer);
    // OIDC Discovery §4.3: throws IssuerMismatchError unless `announced` is exactly `configured`.
    static void requireIssuer(const std::string& announced, const std::string& configured);

private:
    HttpTransport& transport_;
    std::string issuer_;     // oauth.authority exactly as configured
    std::string authority_;  // the same without a trailing '/', to append the well-known path to
    std::mutex mutex_;
    std::optional<ProviderMetadata> cached_;
};

}  // namespace deskauth
