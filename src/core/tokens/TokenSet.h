#pragma once
// The tokens of one signed-in session. Never logged, never written anywhere but the secret store.
// A plain value type in a folder of its own: the token endpoint (oauth/) produces it, the secret
// store (storage/) keeps it and the session (session/) owns it, without any of them including the
// others.
// Threads: a plain value, not synchronised: its owner (Session) guards it under its mutex.
#include <chrono>
#include <string>

namespace deskauth {

struct TokenSet {
    std::string accessToken;
    std::string refreshToken;  // empty when the server issued none
    std::string idToken;       // kept for OIDC end-session (id_token_hint)
    std::chrono::system_clock::time_point accessTokenExpiresAt{};
    std::string scope;
    // "DPoP" when the access token is bound to dpopKey (RFC 9449 §5: the token response's
    // token_type), else "Bearer". Sent as the Authorization scheme.
    std::string tokenType = "Bearer";
    // PKCS#8 PEM of the session's DPoP private key (oauth/DpopKey), empty without DPoP. A secret
    // like the refresh token, which it binds (RFC 9449 §5); kept only in the secret store.
    std::string dpopKey;

    bool dpopBound() const { return tokenType == "DPoP" && !dpopKey.empty(); }

    bool empty() const { return accessToken.empty() && refreshToken.empty(); }
};

}  // namespace deskauth
