#include "oauth/PushedAuthorization.h"

#include "http/JsonBody.h"
#include "oauth/AuthorizationRequest.h"
#include "oauth/TokenResponse.h"

#include <algorithm>

namespace deskauth {
namespace {

constexpr const char* invalidResponse = "invalid_par_response";

// RFC 3986 §3.1: scheme ":" ..., and nothing but printable ASCII without spaces (§2): the value
// goes into the browser's URL, and a control character or a space there is a server's mistake or
// an attempt to smuggle something into it.
bool looksLikeUri(const std::string& value) {
    const auto colon = value.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == value.size()) return false;
    const auto schemeChar = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
    };
    const char first = value[0];
    if (!((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z'))) return false;
    if (!std::all_of(value.begin(), value.begin() + static_cast<std::ptrdiff_t>(colon), schemeChar)) return false;
    // and none of the printable characters RFC 3986 has no place for (§2: not reserved, not unreserved, not '%')
    const std::string notInUris = "\"<>\\^`{|}";
    return std::all_of(value.begin(), value.end(),
                       [&](char c) { return c > 0x20 && c < 0x7f && notInUris.find(c) == std::string::npos; });
}

}  // namespace

ParUnsupported::ParUnsupported()
    : ProtocolError("par_unsupported",
                    "The sign-in server does not accept pushed authorization requests, which the configuration "
                    "requires (oauth.par is \"required\"). Ask the server's administrator to enable them.",
                    "oauth.par is required and discovery has no pushed_authorization_request_endpoint") {}

bool PushedAuthorization::wanted(ParMode mode, const ProviderMetadata& metadata) {
    if (mode == ParMode::Off) return false;
    const bool offered = !metadata.pushedAuthorizationRequestEndpoint.empty();
    if (mode == ParMode::Required && !offered) throw ParUnsupported();
    return offered;
}

PushedRequest PushedAuthorization::parse(const HttpResponse& response) {
    // §2.3: errors are the token endpoint's format (RFC 6749 §5.2), 400 and friends.
    if (response.status != 201) throw TokenResponse::error(response, "start the sign-in");
    auto body = json::parseObject(response.body, invalidResponse);
    PushedRequest pushed;
    pushed.requestUri = json::requiredString(*body, "request_uri", invalidResponse);
    if (pushed.requestUri.size() > maxRequestUriBytes) {
        throw ProtocolError(invalidResponse, "request_uri of " + std::to_string(pushed.requestUri.size()) +
                                                 " bytes (at most " + std::to_string(maxRequestUriBytes) + ")");
    }
    if (!looksLikeUri(pushed.requestUri)) throw ProtocolError(invalidResponse, "request_uri is not a URI");
    const auto expiresIn = json::optionalNumber(*body, "expires_in");
    if (!expiresIn) throw ProtocolError(invalidResponse, "expires_in missing");
    if (*expiresIn <= 0 || *expiresIn > maxLifetime.count()) {
        throw ProtocolError(invalidResponse, "expires_in " + std::to_string(*expiresIn) + " is out of range");
    }
    pushed.expiresIn = std::chrono::seconds(*expiresIn);
    return pushed;
}

std::string PushedAuthorization::browserUrl(const ProviderMetadata& metadata, const std::string& clientId,
                                            const PushedRequest& pushed) {
    return buildAuthorizationUrl(metadata, {{"client_id", clientId}, {"request_uri", pushed.requestUri}});
}

}  // namespace deskauth
