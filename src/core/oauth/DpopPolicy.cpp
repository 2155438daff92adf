#include "oauth/DpopPolicy.h"

#include <algorithm>

namespace deskauth {

DpopNotBound::DpopNotBound(const std::string& details)
    : ProtocolError("dpop_not_bound",
                    "The sign-in server did not bind the session to this computer's key, which the configuration "
                    "requires (oauth.dpop is \"required\"). Ask the server's administrator to enable DPoP.",
                    details) {}

bool dpopWanted(DpopMode mode, const ProviderMetadata& metadata) {
    if (mode == DpopMode::Off) return false;
    if (mode == DpopMode::Required) return true;
    const auto& algs = metadata.dpopSigningAlgValuesSupported;
    return std::find(algs.begin(), algs.end(), "ES256") != algs.end();
}

void requireDpopBinding(DpopMode mode, const TokenSet& tokens) {
    if (mode != DpopMode::Required) return;
    if (!tokens.dpopBound()) throw DpopNotBound("the token response's token_type is " + tokens.tokenType + ", not DPoP");
}

}  // namespace deskauth
