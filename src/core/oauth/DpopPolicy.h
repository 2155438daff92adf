#pragma once
// When the client uses DPoP (RFC 9449), from oauth.dpop and the discovery document, and the check
// that oauth.dpop "required" puts on every token response.
// Threads: pure functions; any thread.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "oauth/Discovery.h"
#include "tokens/TokenSet.h"

namespace deskauth {

// The provider did not bind the tokens to our key although oauth.dpop is "required".
class DpopNotBound : public ProtocolError {
public:
    explicit DpopNotBound(const std::string& details);
};

// "off": never; "required": always; "if-supported": when the server lists ES256 in
// dpop_signing_alg_values_supported (RFC 9449 §5.1), the only algorithm DpopKey signs with.
bool dpopWanted(DpopMode mode, const ProviderMetadata& metadata);

// With "required", throws DpopNotBound unless the token response said token_type DPoP (RFC 9449
// §5): a bearer token would work for whoever copies it, which "required" exists to rule out.
void requireDpopBinding(DpopMode mode, const TokenSet& tokens);

}  // namespace deskauth
