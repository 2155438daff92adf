#include "oauth/TokenResponse.h"

#include "http/JsonBody.h"
#include "log/Log.h"

#include <Poco/String.h>

#include <chrono>

namespace deskauth {

TokenSet TokenResponse::parse(const std::string& body, const std::string& grant, bool dpopProofSent) {
    auto object = json::parseObject(body, "invalid_token_response");
    TokenSet tokens;
    tokens.accessToken = json::requiredString(*object, "access_token", "invalid_token_response");
    const std::string type = json::requiredString(*object, "token_type", "invalid_token_response");
    // RFC 6749 §7.1: the type is case-insensitive. RFC 9449 §5: "DPoP" for a bound token.
    if (Poco::icompare(type, "Bearer") == 0) {
        tokens.tokenType = "Bearer";
    } else if (dpopProofSent && Poco::icompare(type, "DPoP") == 0) {
        tokens.tokenType = "DPoP";
    } else {
        throw ProtocolError("invalid_token_response", "token_type '" + type + "' is not " +
                                                          (dpopProofSent ? "Bearer or DPoP" : "Bearer"));
    }
    tokens.refreshToken = json::optionalString(*object, "refresh_token").value_or("");
    tokens.idToken = json::optionalString(*object, "id_token").value_or("");
    tokens.scope = json::optionalString(*object, "scope").value_or("");
    const long long expiresIn = json::optionalNumber(*object, "expires_in").value_or(300);
    // RFC 6749 §5.1: the lifetime in seconds. A negative or absurd one (it would overflow the
    // clock, or keep a token "valid" for ever) is a broken or hostile server, not a long session.
    if (expiresIn < 0 || expiresIn > maxLifetimeSeconds) {
        throw ProtocolError("invalid_token_response", "expires_in " + std::to_string(expiresIn) + " is out of range");
    }
    tokens.accessTokenExpiresAt = std::chrono::system_clock::now() + std::chrono::seconds(expiresIn);
    log::get("oauth").debug("%s grant succeeded (%s access token valid %d s, refresh token %s)", grant, tokens.tokenType,
                            static_cast<int>(expiresIn), std::string(tokens.refreshToken.empty() ? "absent" : "present"));
    return tokens;
}

ServerError TokenResponse::error(const HttpResponse& response, const std::string& operation) {
    std::string code = "server_error";
    std::string description;
    try {
        auto body = json::parseObject(response.body, "server_error");
        code = json::optionalString(*body, "error").value_or(code);
        description = json::optionalString(*body, "error_description").value_or("");
    } catch (const ProtocolError&) {
    }
    std::string message = "The sign-in server refused to " + operation + " (" + code + ").";
    if (response.status >= 500) message = "The sign-in server had a problem while trying to " + operation + ".";
    return ServerError(code, response.status, message,
                       "HTTP " + std::to_string(response.status) + " " + code + ": " + log::redact(description));
}

}  // namespace deskauth
