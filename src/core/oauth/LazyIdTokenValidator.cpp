#include "oauth/LazyIdTokenValidator.h"

namespace deskauth {

LazyIdTokenValidator::LazyIdTokenValidator(HttpTransport& transport, Discovery& discovery, std::string clientId)
    : transport_(transport), discovery_(discovery), clientId_(std::move(clientId)) {}

const IdTokenValidator& LazyIdTokenValidator::validator() {
    std::lock_guard lock(mutex_);
    if (!validator_) {
        const auto metadata = discovery_.metadata();
        jwks_ = std::make_unique<JwksCache>(transport_, metadata.jwksUri);
        verifier_ = std::make_unique<JwtSignatureVerifier>(*jwks_);
        validator_ = std::make_unique<IdTokenValidator>(*verifier_, metadata.issuer, clientId_);
    }
    return *validator_;
}

IdTokenClaims LazyIdTokenValidator::validate(const std::string& idToken,
                                             const IdTokenValidator::Expectations& expectations) {
    return validator().validate(idToken, expectations);
}

}  // namespace deskauth
