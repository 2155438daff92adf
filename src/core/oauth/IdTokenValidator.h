#pragma once
// Validates an OpenID Connect ID token (OIDC Core §3.1.3.7): signature through the issuer's JWKS,
// then iss, aud, azp, exp, iat, nonce and, when max_age was asked for, auth_time. On refresh (OIDC Core §12.2) the new ID token must have
// the same iss and sub as the first one, and nonce is not expected.
// Threads: validate() is const and thread-safe; it may block while the JWKS cache fetches keys, so
// call it off the UI thread.
#include "oauth/JwtSignatureVerifier.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>

namespace deskauth {

struct IdTokenClaims {
    std::string issuer;
    std::string subject;
    std::string name;   // "name", else "given_name family_name", else "preferred_username", else email
    std::string email;
    std::string accountName;  // "preferred_username", else email: the next sign-in's login_hint
    std::chrono::system_clock::time_point expiresAt;
};

class IdTokenValidator {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    IdTokenValidator(const JwtSignatureVerifier& verifier, std::string issuer, std::string clientId,
                     std::chrono::seconds leeway = std::chrono::seconds(60),
                     Clock clock = [] { return std::chrono::system_clock::now(); });

    struct Expectations {
        std::optional<std::string> nonce;    // the login's nonce; nullopt after a refresh
        std::optional<std::string> subject;  // the signed-in user's sub, after a refresh
        // The max_age the authorization request carried: auth_time is then required and may be
        // at most this old (OIDC Core §3.1.2.1, §3.1.3.7 item 13).
        std::optional<std::chrono::seconds> maxAge;
    };

    // Throws ProtocolError("invalid_id_token") naming the failed check in details.
    IdTokenClaims validate(const std::string& idToken, const Expectations& expectations) const;

private:
    const JwtSignatureVerifier& verifier_;
    std::string issuer_;
    std::string clientId_;
    std::chrono::seconds leeway_;
    Clock clock_;
};

}  // namespace deskauth
