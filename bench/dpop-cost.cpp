// What DPoP costs the sample API per request, beside the Bearer path: BearerAuthentication::identify
// on one thread with a cached token (the claims cache answers, as in the api-bench steady state),
// Bearer against DPoP with a fresh proof per request (ES256 verification with the proof's jwk,
// RFC 7638 thumbprint, htm/htu/iat/ath checks, jti replay cache). Proofs are made before the
// clock starts. Usage: dpop-cost [requests] (default 20000).
#include "BearerAuthentication.h"
#include "DpopProofVerifier.h"
#include "HttpProblem.h"
#include "oauth/DpopKey.h"
#include "oauth/DpopProof.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

using namespace deskauth;
using namespace deskauth::api;
using Clock = std::chrono::steady_clock;

namespace {

class FixedValidator final : public TokenValidator {
public:
    std::string jkt;
    AccessClaims validate(const std::string& token) override {
        AccessClaims claims;
        claims.subject = "user-alice";
        claims.scopes = {"api.read"};
        claims.expiresAt = std::chrono::system_clock::now() + std::chrono::hours(1);
        if (token == "bound-token") claims.confirmationJkt = jkt;
        return claims;
    }
    const char* name() const override { return "jwt"; }
};

double microsPerRequest(Clock::duration elapsed, int requests) {
    return std::chrono::duration<double, std::micro>(elapsed).count() / requests;
}

}  // namespace

int main(int argc, char** argv) {
    const int requests = argc > 1 ? std::atoi(argv[1]) : 20000;
    const DpopKey key = DpopKey::generate();
    FixedValidator validator;
    validator.jkt = key.thumbprint();
    ClaimsCache cache(100000);
    ApiStats stats;
    DpopRules rules;
    rules.replayCacheEntries = static_cast<std::size_t>(requests) + 10;
    DpopProofVerifier verifier(rules, [] { return std::chrono::system_clock::now(); });
    BearerAuthentication auth(validator, cache, "api.read", stats, &verifier);

    ApiRequest bearer{"GET", "/api/companies", "Bearer plain-token", 1};
    bearer.host = "127.0.0.1:8444";
    auth.identify(bearer);  // fills the claims cache
    auto start = Clock::now();
    for (int i = 0; i < requests; ++i) auth.identify(bearer);
    const double bearerMicros = microsPerRequest(Clock::now() - start, requests);

    std::vector<ApiRequest> dpop(static_cast<std::size_t>(requests) + 1);
    for (auto& request : dpop) {
        request = ApiRequest{"GET", "/api/companies", "DPoP bound-token", 1};
        request.host = "127.0.0.1:8444";
        request.dpopHeaders = 1;
        request.dpop = makeDpopProof(key, {"GET", "https://127.0.0.1:8444/api/companies", "bound-token", ""},
                                     std::chrono::system_clock::now());
    }
    auth.identify(dpop.back());  // fills the claims cache
    start = Clock::now();
    for (int i = 0; i < requests; ++i) auth.identify(dpop[static_cast<std::size_t>(i)]);
    const double dpopMicros = microsPerRequest(Clock::now() - start, requests);

    // The client's side: making one proof (ES256 signing).
    start = Clock::now();
    for (int i = 0; i < requests; ++i) {
        (void)makeDpopProof(key, {"GET", "https://127.0.0.1:8444/api/companies", "bound-token", ""},
                            std::chrono::system_clock::now());
    }
    const double proofMicros = microsPerRequest(Clock::now() - start, requests);

    std::printf("requests per path: %d (one thread, cached token)\n", requests);
    std::printf("Bearer identify: %.2f us/request (%.0f req/s)\n", bearerMicros, 1e6 / bearerMicros);
    std::printf("DPoP identify:   %.2f us/request (%.0f req/s), %.1fx Bearer\n", dpopMicros, 1e6 / dpopMicros,
                dpopMicros / bearerMicros);
    std::printf("client proof:    %.2f us/proof\n", proofMicros);
    return 0;
}
