#include "ClaimsChecker.h"

#include "HttpProblem.h"
#include "http/JsonBody.h"
#include "oauth/NumericDate.h"

#include <Poco/JSON/Array.h>
#include <Poco/StringTokenizer.h>

namespace deskauth::api {
namespace {

[[noreturn]] void reject(const std::string& reason) { throw HttpProblem::invalidToken(reason); }

// "aud" is a string or an array of strings (RFC 7519 §4.1.3).
bool audienceContains(const Poco::JSON::Object& claims, const std::string& audience) {
    if (!claims.has("aud")) return false;
    const auto value = claims.get("aud");
    if (value.isString()) return value.toString() == audience;
    if (auto array = claims.getArray("aud")) {
        for (std::size_t i = 0; i < array->size(); ++i) {
            if (array->get(i).isString() && array->get(i).toString() == audience) return true;
        }
    }
    return false;
}

// The regions claim (ClaimRules::regionsClaim): an array of strings, or one string of names
// separated by commas and/or spaces ("Europe, Asia" or "Europe Asia").
std::vector<std::string> regionNames(const Poco::JSON::Object& claims, const std::string& field) {
    std::vector<std::string> out;
    if (!claims.has(field) || claims.isNull(field)) return out;
    if (const auto value = claims.get(field); value.isString()) {
        Poco::StringTokenizer names(value.toString(), ", ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        out.assign(names.begin(), names.end());
        return out;
    }
    auto array = claims.getArray(field);
    if (!array) reject("'" + field + "' is neither an array nor a string");
    for (std::size_t i = 0; i < array->size(); ++i) {
        if (!array->get(i).isString()) reject("'" + field + "' holds a non-string");
        out.push_back(array->get(i).toString());
    }
    return out;
}

}  // namespace

ClaimsChecker::ClaimsChecker(ClaimRules rules, Clock clock) : rules_(std::move(rules)), clock_(std::move(clock)) {}

AccessClaims ClaimsChecker::check(const Poco::JSON::Object& claims) const {
    const long long now = std::chrono::system_clock::to_time_t(clock_());
    const long long skew = rules_.clockSkew.count();

    // RFC 9068 §4: the issuer must match exactly, and the audience must name this API, so a token
    // minted for another resource (or an ID token) is refused even though its signature is good.
    const auto iss = json::optionalString(claims, "iss");
    if (!iss && rules_.issuerRequired) reject("iss missing");
    if (iss && *iss != rules_.issuer) reject("iss '" + *iss + "' is not the configured issuer");
    if (!audienceContains(claims, rules_.audience)) reject("aud does not contain '" + rules_.audience + "'");

    const auto exp = json::optionalNumber(claims, "exp");
    if (!exp && (rules_.expiryRequired || claims.has("exp"))) reject("exp missing or not a number");
    if (exp && now - skew >= *exp) reject("expired");  // skew moves now: claims may be any 64-bit number
    if (claims.has("nbf")) {
        const auto nbf = json::optionalNumber(claims, "nbf");
        if (!nbf) reject("nbf is not a number");
        if (now + skew < *nbf) reject("not valid yet (nbf)");
    }
    if (claims.has("iat")) {
        const auto iat = json::optionalNumber(claims, "iat");
        if (!iat) reject("iat is not a number");
        if (*iat > now + skew) reject("issued in the future (iat)");
    }

    AccessClaims result;
    result.subject = json::optionalString(claims, "sub").value_or("");
    if (result.subject.empty()) reject("sub missing");
    result.name = json::optionalString(claims, "name").value_or("");
    result.clientId = json::optionalString(claims, "client_id").value_or("");
    result.regions = regionNames(claims, rules_.regionsClaim);
    // RFC 9449 §6.1 (JWT) and §6.2 (introspection): the key binding; a cnf we cannot read would
    // turn a bound token into a bearer one, so it is refused instead.
    if (claims.has("cnf") && !claims.isNull("cnf")) {
        const auto cnf = claims.getObject("cnf");
        if (!cnf) reject("cnf is not an object");
        if (cnf->has("jkt")) {
            const auto jkt = json::optionalString(*cnf, "jkt");
            if (!jkt || jkt->empty()) reject("cnf.jkt is not a string");
            result.confirmationJkt = *jkt;
        }
    }
    if (claims.has("scope") && !claims.isNull("scope")) {
        const auto scope = json::optionalString(claims, "scope");
        if (!scope) reject("scope is not a string");
        Poco::StringTokenizer parts(*scope, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
        result.scopes.assign(parts.begin(), parts.end());
    }
    if (exp) result.expiresAt = numericDateToTimePoint(*exp);
    return result;
}

}  // namespace deskauth::api
