#pragma once
// Validates JWT access tokens in memory (RFC 9068 §4): explicit type "at+jwt" (RFC 8725 §3.11),
// signature against the issuer's JWKS through the core's JwtSignatureVerifier (allow-listed RS*/ES*
// only: never "none", never HMAC, so the HS256-with-public-key confusion cannot pass; RFC 8725
// §2.1, §3.1), then the shared ClaimsChecker (iss, aud, exp, nbf, sub). Keys are cached by the
// core JwksCache, which refetches once on an unknown kid (rate-limited, the first download not
// counted, so a key rotated just after it is found).
// The JWKS URI comes from the issuer's discovery document, read on first use: the API starts while
// the authorization server is down, answers 503 meanwhile, and recovers when it comes back.
// Thread-safe.
#include "ApiStats.h"
#include "ClaimsChecker.h"
#include "TokenValidator.h"

#include "http/HttpTransport.h"
#include "oauth/Discovery.h"
#include "oauth/JwksCache.h"
#include "oauth/JwtSignatureVerifier.h"

#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>

namespace deskauth::api {

class JwtAccessTokenValidator final : public TokenValidator {
public:
    JwtAccessTokenValidator(HttpTransport& transport, Discovery& discovery, ClaimsChecker checker,
                            std::set<std::string> algorithms, std::chrono::seconds jwksRefetchInterval,
                            ApiStats& stats, JwksCache::Clock clock = [] { return std::chrono::steady_clock::now(); });

    AccessClaims validate(const std::string& token) override;
    const char* name() const override { return "jwt"; }

    // How often the JWKS was downloaded (0 before the first token).
    int jwksFetches() const;

private:
    const JwtSignatureVerifier& verifier();

    HttpTransport& transport_;
    Discovery& discovery_;
    ClaimsChecker checker_;
    std::set<std::string> algorithms_;
    std::chrono::seconds jwksRefetchInterval_;
    ApiStats& stats_;
    JwksCache::Clock clock_;  // the JWKS refetch limit's (tests set their own)

    mutable std::mutex mutex_;
    std::unique_ptr<JwksCache> keys_;  // set once discovery has answered; never replaced
    std::unique_ptr<JwtSignatureVerifier> verifier_;
};

}  // namespace deskauth::api
