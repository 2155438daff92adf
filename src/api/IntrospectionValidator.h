#pragma once
// Validates access tokens by asking the authorization server (OAuth 2.0 Token Introspection,
// RFC 7662), for opaque tokens that cannot be checked locally. The API authenticates as a
// confidential client with HTTP Basic (RFC 7662 §2.1, RFC 6749 §2.3.1). An inactive token is a
// 401; an active one still has to pass the shared ClaimsChecker (aud must name this API, iss and
// exp when present). The endpoint comes from the issuer's discovery document, read on first use.
// Results are cached by the caller (ClaimsCache), so each token is introspected once. Thread-safe.
#include "ApiStats.h"
#include "ClaimsChecker.h"
#include "TokenValidator.h"

#include "http/HttpTransport.h"
#include "oauth/Discovery.h"

#include <string>

namespace deskauth::api {

class IntrospectionValidator final : public TokenValidator {
public:
    IntrospectionValidator(HttpTransport& transport, Discovery& discovery, ClaimsChecker checker,
                           const std::string& clientId, const std::string& clientSecret, ApiStats& stats);

    // Besides TokenValidator's errors, throws std::runtime_error (a 500: our own configuration is
    // wrong) when the server refuses the API's client credentials or offers no introspection.
    AccessClaims validate(const std::string& token) override;
    const char* name() const override { return "introspection"; }

    // The Authorization header value for the client credentials (RFC 6749 §2.3.1: each part
    // form-urlencoded, then Base64).
    static std::string basicAuthorization(const std::string& clientId, const std::string& clientSecret);

private:
    HttpTransport& transport_;
    Discovery& discovery_;
    ClaimsChecker checker_;
    std::string authorization_;
    ApiStats& stats_;
};

}  // namespace deskauth::api
