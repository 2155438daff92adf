#pragma once
// The tokens of one signed-in session. Never logged, never written anywhere but the secret store.
#include <chrono>
#include <string>

namespace deskauth {

struct TokenSet {
    std::string accessToken;
    std::string refreshToken;  // empty when the server issued none
    std::string idToken;       // kept for OIDC end-session (id_token_hint)
    std::chrono::system_clock::time_point accessTokenExpiresAt{};
    std::string scope;

    bool empty() const { return accessToken.empty() && refreshToken.empty(); }
};

// A device authorization response (RFC 8628 §3.2). The device code is a secret like a token.
struct DeviceCodeGrant {
    std::string deviceCode;
    std::string userCode;                 // what the user types at the verification URI
    std::string verificationUri;
    std::string verificationUriComplete;  // with the user code in it (for a QR code); may be empty
    std::chrono::seconds expiresIn{0};
    std::chrono::seconds interval{5};     // §3.2: 5 s when the server gives none
};

}  // namespace deskauth
