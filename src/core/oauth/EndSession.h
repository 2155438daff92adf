#pragma once
// The OIDC RP-Initiated Logout 1.0 request (§2): the end-session endpoint with client_id,
// id_token_hint and, when something can receive the browser afterwards, post_logout_redirect_uri
// with the state the return must carry (§3).
// Threads: a pure function; any thread.
#include "oauth/Discovery.h"

#include <string>

namespace deskauth {

// "" when the server advertises no end_session_endpoint. Empty `idToken`, `postLogoutRedirectUri`
// or `state` leave that parameter out.
std::string buildEndSessionUrl(const ProviderMetadata& metadata, const std::string& clientId,
                               const std::string& idToken, const std::string& postLogoutRedirectUri,
                               const std::string& state = {});

}  // namespace deskauth
