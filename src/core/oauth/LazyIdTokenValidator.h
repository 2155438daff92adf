#pragma once
// The ID token validator of one authority, built on first use: it needs the discovery document
// (issuer, jwks_uri), which is only read when a token first needs checking.
//
// Threads: thread-safe. validate() blocks on the first call (discovery, JWKS) and whenever the
// JWKS cache fetches keys; call it off the UI thread. Its mutex is a leaf: held only while the
// validator is built, never while calling out.
#include "http/HttpTransport.h"
#include "oauth/Discovery.h"
#include "oauth/IdTokenValidator.h"
#include "oauth/JwksCache.h"
#include "oauth/JwtSignatureVerifier.h"

#include <memory>
#include <mutex>
#include <string>

namespace deskauth {

class LazyIdTokenValidator {
public:
    LazyIdTokenValidator(HttpTransport& transport, Discovery& discovery, std::string clientId);

    // OIDC Core §3.1.3.7 (and §12.2 after a refresh); throws like IdTokenValidator::validate and
    // like Discovery::metadata.
    IdTokenClaims validate(const std::string& idToken, const IdTokenValidator::Expectations& expectations);

private:
    const IdTokenValidator& validator();

    HttpTransport& transport_;
    Discovery& discovery_;
    const std::string clientId_;
    std::mutex mutex_;
    std::unique_ptr<JwksCache> jwks_;
    std::unique_ptr<JwtSignatureVerifier> verifier_;
    std::unique_ptr<IdTokenValidator> validator_;
};

}  // namespace deskauth
