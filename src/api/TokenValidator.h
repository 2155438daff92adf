#pragma once
// Turns a bearer token into AccessClaims or refuses it. Implementations: JwtAccessTokenValidator
// (local JWT validation against the issuer's JWKS) and IntrospectionValidator (RFC 7662). Both
// are thread-safe: the HTTP server calls them from many threads at once.
#include "AccessClaims.h"

#include <string>

namespace deskauth::api {

class TokenValidator {
public:
    virtual ~TokenValidator() = default;

    // Throws HttpProblem::invalidToken for a token that is not acceptable. When the
    // authorization server cannot be asked (JWKS / discovery / introspection down) throws the core
    // NetworkError, TimedOut, ServerError or ProtocolError, which become a 503 with an error ID.
    virtual AccessClaims validate(const std::string& token) = 0;

    // "jwt" or "introspection", for the request log.
    virtual const char* name() const = 0;
};

}  // namespace deskauth::api
