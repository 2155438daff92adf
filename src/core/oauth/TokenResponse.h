#pragma once
// Reading the token endpoint's answers, which come from the network: a success (RFC 6749 §5.1)
// becomes a TokenSet, an error (RFC 6749 §5.2) a ServerError with a friendly message. Anything
// malformed is a ProtocolError, never a crash. Pure, so it is unit-tested and fuzzed on its own.
// Threads: pure parsing; any thread.
#include "errors/Errors.h"
#include "http/HttpTransport.h"
#include "oauth/TokenSet.h"

#include <string>

namespace deskauth {

class TokenResponse {
public:
    // An access token lifetime beyond this (or a negative one) is refused: the expiry time must
    // stay representable, and no token should outlive a year without a refresh.
    static constexpr long long maxLifetimeSeconds = 366LL * 24 * 60 * 60;

    // A 200 answer's body; `grant` names the grant in the debug log. token_type must be Bearer,
    // or DPoP when the request carried a DPoP proof (RFC 9449 §5): a server cannot bind a token
    // to a key it was never shown. Throws ProtocolError ("invalid_token_response").
    static TokenSet parse(const std::string& body, const std::string& grant, bool dpopProofSent = false);

    // The OAuth error of a non-2xx answer; `operation` completes "The sign-in server refused to …".
    static ServerError error(const HttpResponse& response, const std::string& operation);
};

}  // namespace deskauth
