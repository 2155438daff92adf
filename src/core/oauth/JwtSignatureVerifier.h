#pragma once
// Verifies a JWS-signed JWT against an issuer's JWKS with POCO JWT. Only asymmetric algorithms
// from an allow-list are accepted: "none" and HMAC are never accepted, so neither an unsigned
// token nor the HS256-with-public-key confusion can pass (RFC 8725 §2.1, §3.1).
// Claims are not checked here; see IdTokenValidator and the API's AccessTokenValidator.
// Threads: thread-safe; verify() may block while the JWKS cache fetches keys.
#include "oauth/JwksCache.h"

#include <Poco/JWT/Token.h>

#include <set>
#include <string>

namespace deskauth {

class JwtSignatureVerifier {
public:
    explicit JwtSignatureVerifier(JwksCache& keys,
                                  std::set<std::string> allowedAlgorithms = {"RS256", "RS384", "RS512", "ES256",
                                                                             "ES384", "ES512"});

    // Throws ProtocolError with code "invalid_token" and a reason in details (malformed, alg not
    // allowed, unknown kid, bad signature). JWKS fetch failures propagate as NetworkError/ServerError.
    Poco::JWT::Token verify(const std::string& jwt) const;

private:
    JwksCache& keys_;
    std::set<std::string> allowedAlgorithms_;
};

}  // namespace deskauth
