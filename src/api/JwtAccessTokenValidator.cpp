#include "JwtAccessTokenValidator.h"

#include "HttpProblem.h"
#include "errors/Errors.h"

#include <Poco/String.h>

#include <algorithm>

namespace deskauth::api {

JwtAccessTokenValidator::JwtAccessTokenValidator(HttpTransport& transport, Discovery& discovery, ClaimsChecker checker,
                                                 std::set<std::string> algorithms,
                                                 std::chrono::seconds jwksRefetchInterval, ApiStats& stats,
                                                 JwksCache::Clock clock)
    : transport_(transport),
      discovery_(discovery),
      checker_(std::move(checker)),
      algorithms_(std::move(algorithms)),
      jwksRefetchInterval_(jwksRefetchInterval),
      stats_(stats),
      clock_(std::move(clock)) {
    // Fails now (std::invalid_argument) rather than at the first request for a bad allow-list.
    JwksCache probe(transport_, "https://unused.invalid/jwks");
    JwtSignatureVerifier check(probe, algorithms_);
}

const JwtSignatureVerifier& JwtAccessTokenValidator::verifier() {
    std::lock_guard lock(mutex_);
    if (!verifier_) {
        // Throws (and is retried by the next request) while the issuer cannot be reached.
        const ProviderMetadata metadata = discovery_.metadata();
        keys_ = std::make_unique<JwksCache>(transport_, metadata.jwksUri, jwksRefetchInterval_, clock_);
        verifier_ = std::make_unique<JwtSignatureVerifier>(*keys_, algorithms_);
    }
    return *verifier_;
}

int JwtAccessTokenValidator::jwksFetches() const {
    std::lock_guard lock(mutex_);
    return keys_ ? keys_->fetchCount() : 0;
}

AccessClaims JwtAccessTokenValidator::validate(const std::string& token) {
    // A token that is not a JWT with an allowed algorithm is refused before the issuer is asked,
    // so garbage never causes a discovery or JWKS request (and is a 401 even while those are down).
    if (token.size() > std::size_t{16} * 1024) throw HttpProblem::invalidToken("token larger than 16 KB");
    if (std::count(token.begin(), token.end(), '.') != 2) throw HttpProblem::invalidToken("not a JWT (needs 3 parts)");
    try {
        const Poco::JWT::Token unverified(token);
        if (!algorithms_.count(unverified.getAlgorithm())) {
            throw HttpProblem::invalidToken("algorithm '" + unverified.getAlgorithm() + "' is not allowed");
        }
    } catch (const HttpProblem&) {
        throw;
    } catch (const Poco::Exception& e) {
        throw HttpProblem::invalidToken("malformed JWT: " + e.message());
    } catch (const std::exception& e) {
        throw HttpProblem::invalidToken(std::string("malformed JWT: ") + e.what());
    }

    const JwtSignatureVerifier& signatures = verifier();
    Poco::JWT::Token verified;
    ++stats_.signatureChecks;
    try {
        verified = signatures.verify(token);
    } catch (const ProtocolError& e) {
        if (e.code() != "invalid_token") throw;  // e.g. an unreadable JWKS: the issuer's fault, a 503
        throw HttpProblem::invalidToken(e.details());
    }

    // RFC 9068 §4 / RFC 8725 §3.11: only tokens typed as access tokens, so that an ID token (or
    // any other JWT this issuer signs) cannot be replayed here.
    const std::string type = Poco::toLower(verified.getType());
    if (type != "at+jwt" && type != "application/at+jwt") {
        throw HttpProblem::invalidToken("typ '" + verified.getType() + "' is not at+jwt");
    }
    return checker_.check(verified.payload());
}

}  // namespace deskauth::api
