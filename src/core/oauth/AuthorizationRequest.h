#pragma once
// The authorization request URL (RFC 6749 §4.1.1 with PKCE, RFC 7636 §4.3; the optional OIDC Core
// §3.1.2.1 and RFC 8707 parameters of AuthorizationSettings) and the checks on the response that
// comes back to the redirect URI.
// Threads: pure functions; any thread.
#include "config/AuthorizationSettings.h"
#include "http/HttpTransport.h"
#include "oauth/Discovery.h"
#include "oauth/LoginStateMap.h"

#include <map>
#include <string>
#include <vector>

namespace deskauth {

// The parameters of the authorization request: in the browser's URL, or pushed (RFC 9126 §2.1).
HeaderList authorizationParameters(const std::string& clientId, const std::vector<std::string>& scopes,
                                   const AuthorizationSettings& settings, const PendingLogin& login);
// The authorization endpoint with `parameters` in its query.
std::string buildAuthorizationUrl(const ProviderMetadata& metadata, const HeaderList& parameters);
std::string buildAuthorizationUrl(const ProviderMetadata& metadata, const std::string& clientId,
                                  const std::vector<std::string>& scopes, const AuthorizationSettings& settings,
                                  const PendingLogin& login);

// Given the response parameters of a known pending login (state already matched), returns the
// authorization code or throws: ServerError with the server's error code (access_denied, ...), or
// ProtocolError when the response is missing its code or comes from the wrong issuer.
std::string authorizationCodeFrom(const std::map<std::string, std::string>& response,
                                  const ProviderMetadata& metadata);

}  // namespace deskauth
