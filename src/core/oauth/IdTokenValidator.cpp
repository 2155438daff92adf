#include "oauth/IdTokenValidator.h"

#include "errors/Errors.h"
#include "http/JsonBody.h"
#include "oauth/NumericDate.h"
#include "oauth/UserClaims.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace deskauth {
namespace {

[[noreturn]] void reject(const std::string& reason) { throw ProtocolError("invalid_id_token", reason); }

std::vector<std::string> audiences(const Poco::JSON::Object& claims) {
    std::vector<std::string> out;
    if (!claims.has("aud")) return out;
    auto value = claims.get("aud");
    if (value.isString()) {
        out.push_back(value.toString());
    } else if (auto array = claims.getArray("aud")) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            if (array->get(i).isString()) out.push_back(array->get(i).toString());
        }
    }
    return out;
}

}  // namespace

IdTokenValidator::IdTokenValidator(const JwtSignatureVerifier& verifier, std::string issuer, std::string clientId,
                                   std::chrono::seconds leeway, Clock clock)
    : verifier_(verifier), issuer_(std::move(issuer)), clientId_(std::move(clientId)), leeway_(leeway),
      clock_(std::move(clock)) {}

IdTokenClaims IdTokenValidator::validate(const std::string& idToken, const Expectations& expectations) const {
    Poco::JWT::Token token;
    try {
        token = verifier_.verify(idToken);
    } catch (const ProtocolError& e) {
        reject(e.details());
    }
    const Poco::JSON::Object& claims = token.payload();

    const std::string iss = json::optionalString(claims, "iss").value_or("");
    if (iss != issuer_) reject("iss '" + iss + "' is not the expected issuer");

    const auto aud = audiences(claims);
    if (std::find(aud.begin(), aud.end(), clientId_) == aud.end()) reject("aud does not contain our client id");
    const auto azp = json::optionalString(claims, "azp");
    if (aud.size() > 1 && !azp) reject("several audiences but no azp");
    if (azp && *azp != clientId_) reject("azp is another client");

    // The leeway moves `now`, never the claims: exp and iat are any 64-bit number the token says,
    // and adding to them could overflow.
    const long long now = std::chrono::system_clock::to_time_t(clock_());
    const auto exp = json::optionalNumber(claims, "exp");
    if (!exp) reject("exp missing");
    if (*exp < now - leeway_.count()) reject("expired");
    const auto iat = json::optionalNumber(claims, "iat");
    if (!iat) reject("iat missing");
    if (*iat > now + leeway_.count()) reject("issued in the future");

    const std::string sub = json::optionalString(claims, "sub").value_or("");
    if (sub.empty()) reject("sub missing");
    if (expectations.subject && *expectations.subject != sub) reject("sub differs from the signed-in user");

    if (expectations.nonce) {
        // OIDC Core §3.1.2.1/§15.5.2: the nonce binds this ID token to our own login request and
        // stops replay of a token issued for another one.
        if (json::optionalString(claims, "nonce").value_or("") != *expectations.nonce) reject("nonce mismatch");
    }

    if (expectations.maxAge) {
        // OIDC Core §3.1.2.1: with max_age, auth_time is REQUIRED; §3.1.3.7 item 13: an
        // authentication older than asked is not the fresh sign-in the configuration demands
        // (Glewlwyd sends auth_time 0).
        const auto authTime = json::optionalNumber(claims, "auth_time");
        if (!authTime) throw StaleAuthenticationError("auth_time missing although max_age was requested");
        if (*authTime < now - expectations.maxAge->count() - leeway_.count()) {
            throw StaleAuthenticationError("auth_time is older than the max_age of " +
                                           std::to_string(expectations.maxAge->count()) + " s");
        }
    }

    IdTokenClaims result;
    result.issuer = iss;
    result.subject = sub;
    result.name = displayName(claims);
    result.email = json::optionalString(claims, "email").value_or("");
    result.accountName = accountName(claims);
    result.expiresAt = numericDateToTimePoint(*exp);
    return result;
}

}  // namespace deskauth
