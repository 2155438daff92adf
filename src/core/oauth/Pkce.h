#pragma once
// Proof Key for Code Exchange (RFC 7636) with the S256 method only: `plain` would leak the
// verifier to anyone who sees the authorization request (RFC 7636 §4.2, RFC 9700 §2.1.1).
// Threads: thread-safe (the CSPRNG is); no shared state.
#include <string>

namespace deskauth {

struct Pkce {
    std::string verifier;   // 43 characters from 32 CSPRNG bytes (RFC 7636 §4.1)
    std::string challenge;  // BASE64URL(SHA256(verifier)) (RFC 7636 §4.2)
    static constexpr const char* method = "S256";

    static Pkce generate();
    static std::string challengeFor(const std::string& verifier);
};

}  // namespace deskauth
