#pragma once
// The authentication step of every protected endpoint: reads the bearer token from the
// Authorization header (RFC 6750 §2.1; tokens in the query or body are not accepted), answers
// from the claims cache when it can, otherwise validates and caches (identify), then requires the
// configured scope (requireScope: 403 insufficient_scope, RFC 6750 §3.1). Two steps so that the
// request log names the user of a 403. With a DpopProofVerifier it also takes "Authorization:
// DPoP <token>" with its proof (RFC 9449 §7.1): the token's cnf.jkt must be the proof key's
// thumbprint. A DPoP-bound token presented as Bearer is refused (§7.2). Thread-safe.
#include "ApiMessages.h"
#include "ApiStats.h"
#include "ClaimsCache.h"
#include "DpopProofVerifier.h"
#include "TokenValidator.h"

#include <string>

namespace deskauth::api {

struct Authenticated {
    AccessClaims claims;
    std::string source;  // "cache", or the validator's name ("jwt", "introspection")
};

class BearerAuthentication {
public:
    BearerAuthentication(TokenValidator& validator, ClaimsCache& cache, std::string requiredScope, ApiStats& stats,
                         DpopProofVerifier* dpop = nullptr);

    // Throws HttpProblem (400 repeated header, 401 missing/invalid token) and whatever the
    // validator throws when the issuer cannot be reached.
    Authenticated identify(const ApiRequest& request);

    // Throws HttpProblem::insufficientScope when the token lacks the configured scope. Checked on
    // every request, cached or not.
    void requireScope(const Authenticated& caller) const;

    // The token of an "Authorization: Bearer <b64token>" value. Throws HttpProblem::missingToken
    // for an empty value or another scheme, HttpProblem::invalidToken for a malformed token.
    static std::string bearerToken(const std::string& authorization);

private:
    // The claims of `token`, from the cache or the validator.
    Authenticated claimsOf(const std::string& token);
    Authenticated identifyDpop(const ApiRequest& request, const std::string& token);

    TokenValidator& validator_;
    ClaimsCache& cache_;
    std::string requiredScope_;
    ApiStats& stats_;
    DpopProofVerifier* dpop_;
};

}  // namespace deskauth::api
