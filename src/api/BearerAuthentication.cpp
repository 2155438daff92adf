#include "BearerAuthentication.h"

#include "HttpProblem.h"

#include <Poco/String.h>

#include <cctype>

namespace deskauth::api {
namespace {

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool isB64Token(const std::string& token) {
    std::size_t i = 0;
    while (i < token.size() && (std::isalnum(static_cast<unsigned char>(token[i])) ||
                                std::string_view("-._~+/").find(token[i]) != std::string_view::npos)) {
        ++i;
    }
    if (i == 0) return false;
    while (i < token.size() && token[i] == '=') ++i;
    return i == token.size();
}

}  // namespace

BearerAuthentication::BearerAuthentication(TokenValidator& validator, ClaimsCache& cache, std::string requiredScope,
                                           ApiStats& stats, DpopProofVerifier* dpop)
    : validator_(validator), cache_(cache), requiredScope_(std::move(requiredScope)), stats_(stats), dpop_(dpop) {}

std::string BearerAuthentication::bearerToken(const std::string& authorization) {
    if (authorization.empty()) throw HttpProblem::missingToken("no Authorization header");
    const auto space = authorization.find(' ');
    const std::string scheme = authorization.substr(0, space);
    // The scheme name is case-insensitive (RFC 7235 §2.1). Another scheme (Basic, ...) counts as
    // no bearer credentials at all.
    if (Poco::icompare(scheme, "Bearer") != 0) {
        throw HttpProblem::missingToken("Authorization scheme '" + scheme.substr(0, 20) + "' is not Bearer");
    }
    std::string token = space == std::string::npos ? "" : Poco::trim(authorization.substr(space + 1));
    if (!isB64Token(token)) throw HttpProblem::invalidToken("malformed bearer token");
    return token;
}

Authenticated BearerAuthentication::identify(const ApiRequest& request) {
    if (request.authorizationHeaders > 1) {
        throw HttpProblem::badRequest("invalid_request", "Send exactly one Authorization header.",
                                      "repeated Authorization header");
    }
    const auto space = request.authorization.find(' ');
    if (dpop_ && Poco::icompare(request.authorization.substr(0, space), "DPoP") == 0) {
        std::string token = space == std::string::npos ? "" : Poco::trim(request.authorization.substr(space + 1));
        if (!isB64Token(token)) throw HttpProblem::asDpop(HttpProblem::invalidToken("malformed DPoP token"));
        return identifyDpop(request, token);
    }
    const std::string token = bearerToken(request.authorization);
    Authenticated result = claimsOf(token);
    // RFC 9449 §7.2: a bound token is no bearer token; whoever copied it has no key.
    if (!result.claims.confirmationJkt.empty()) {
        throw HttpProblem::invalidToken("a DPoP-bound access token presented as a Bearer token");
    }
    return result;
}

Authenticated BearerAuthentication::identifyDpop(const ApiRequest& request, const std::string& token) {
    // RFC 9449 §4.3 step 1: exactly one DPoP header.
    if (request.dpopHeaders != 1) throw HttpProblem::invalidDpopProof(request.dpopHeaders == 0 ? "no DPoP header" : "repeated DPoP header");
    const std::string thumbprint = dpop_->verify({request.dpop, request.method, "https://" + request.host + request.path, token});
    Authenticated result;
    try {
        result = claimsOf(token);
    } catch (const HttpProblem& problem) {
        throw HttpProblem::asDpop(problem);
    }
    // §7.1 / §6: the token must be bound to the key that signed the proof.
    if (result.claims.confirmationJkt.empty()) {
        throw HttpProblem::asDpop(HttpProblem::invalidToken("a bearer token presented with the DPoP scheme"));
    }
    if (result.claims.confirmationJkt != thumbprint) {
        throw HttpProblem::asDpop(HttpProblem::invalidToken("the token is bound to another key (cnf.jkt differs)"));
    }
    return result;
}

Authenticated BearerAuthentication::claimsOf(const std::string& token) {
    Authenticated result;
    if (auto cached = cache_.find(token)) {
        ++stats_.cacheHits;
        result.claims = std::move(*cached);
        result.source = "cache";
    } else {
        ++stats_.cacheMisses;
        result.claims = validator_.validate(token);
        result.source = validator_.name();
        cache_.store(token, result.claims);
    }
    return result;
}

void BearerAuthentication::requireScope(const Authenticated& caller) const {
    // A valid token without the API's scope is authenticated but not allowed: 403, not 401.
    if (!requiredScope_.empty() && !caller.claims.hasScope(requiredScope_)) {
        throw HttpProblem::insufficientScope(requiredScope_, "token lacks scope '" + requiredScope_ + "'");
    }
}

}  // namespace deskauth::api
