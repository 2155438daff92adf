#pragma once
// Pushed authorization requests (RFC 9126): when they are used (oauth.par and the discovery
// document), reading the pushed authorization request endpoint's answer, and the URL the browser
// then gets, which carries only client_id and the request_uri (§4).
// Threads: pure functions; any thread.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/HttpTransport.h"
#include "oauth/Discovery.h"

#include <chrono>
#include <cstddef>
#include <string>

namespace deskauth {

// The reference the endpoint returned for the parameters it now holds (RFC 9126 §2.2).
struct PushedRequest {
    std::string requestUri;
    std::chrono::seconds expiresIn{0};
};

class PushedAuthorization {
public:
    // A request_uri is a short reference (RFC 9126 §2.2: "urn:ietf:params:oauth:request_uri:" and
    // a random part); a longer one would end up in the browser's address bar and the provider's
    // logs for no reason, and is refused.
    static constexpr std::size_t maxRequestUriBytes = 512;
    // §2.2: the lifetime "will typically be relatively short (e.g., between 5 and 600 seconds)";
    // a server that announces hours is broken or hostile.
    static constexpr std::chrono::seconds maxLifetime{3600};

    // "off": never; "required": always (a provider without the endpoint is refused, par_unsupported);
    // "if-supported": when discovery has pushed_authorization_request_endpoint (RFC 9126 §5).
    static bool wanted(ParMode mode, const ProviderMetadata& metadata);

    // The endpoint's answer. 201 with request_uri and expires_in (both REQUIRED, §2.2) is the
    // only success; another status is the server's OAuth error (§2.3) as a ServerError; a 201
    // without a usable request_uri (missing, oversized, not a URI, characters that do not belong in
    // one) or expires_in (missing, not positive, beyond maxLifetime) is a ProtocolError
    // ("invalid_par_response").
    static PushedRequest parse(const HttpResponse& response);

    // §4: the authorization request that refers to the pushed one: client_id and request_uri only.
    static std::string browserUrl(const ProviderMetadata& metadata, const std::string& clientId,
                                  const PushedRequest& pushed);
};

// oauth.par is "required" and the provider advertises no pushed_authorization_request_endpoint.
class ParUnsupported : public ProtocolError {
public:
    ParUnsupported();
};

}  // namespace deskauth
