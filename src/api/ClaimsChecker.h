#pragma once
// The claim checks both validators share, so a JWT (RFC 9068 §4) and an introspection response
// (RFC 7662 §2.2) are judged by the same rules: iss, aud, exp, nbf, iat, sub, and the shape of
// scope/regions/name. Signature and `typ` are the JWT validator's business; `active` the
// introspection validator's. Immutable after construction, so thread-safe.
#include "AccessClaims.h"

#include <Poco/JSON/Object.h>

#include <chrono>
#include <functional>
#include <string>

namespace deskauth::api {

struct ClaimRules {
    std::string issuer;
    std::string audience;
    // The claim naming the user's regions: a JSON array of strings, or one string of names
    // separated by commas and/or spaces (what providers with string-only claims can give, e.g.
    // Glewlwyd). api.json oauth.regionsClaim.
    std::string regionsClaim = "regions";
    std::chrono::seconds clockSkew{30};
    // A JWT access token must carry iss and exp (RFC 9068 §2.2); an introspection response may
    // leave them out (RFC 7662 §2.2) and is then trusted because the issuer itself answered.
    bool issuerRequired = true;
    bool expiryRequired = true;
};

class ClaimsChecker {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    explicit ClaimsChecker(ClaimRules rules, Clock clock = [] { return std::chrono::system_clock::now(); });

    // Throws HttpProblem::invalidToken naming the failed check in its details.
    AccessClaims check(const Poco::JSON::Object& claims) const;

    const ClaimRules& rules() const { return rules_; }

private:
    ClaimRules rules_;
    Clock clock_;
};

}  // namespace deskauth::api
