#pragma once
// Real tokens from the development authorization server, the way the desktop app gets them:
// an authorization request with PKCE (core buildAuthorizationUrl), TestBrowser signing in and
// consenting over HTTP (stopping at the redirect), and the code exchange (core TokenClient).
#include "oauth/DpopKey.h"
#include "oauth/TokenSet.h"

#include <string>
#include <vector>

namespace deskauth::test {

struct TokenRequest {
    std::string user = "alice";
    std::string password = "Alice-Pass-1";
    std::vector<std::string> scopes = {"openid", "profile", "api.read"};
    std::string resource;  // RFC 8707 resource indicator, appended to the authorization request
    const DpopKey* dpop = nullptr;  // RFC 9449: bind the tokens to this key (dpop_jkt + proof)
};

TokenSet signInForTokens(const std::string& issuer, const TokenRequest& request);

// The password of each development user (tools/authserver/users.json).
TokenSet signInAs(const std::string& issuer, const std::string& user);

}  // namespace deskauth::test
