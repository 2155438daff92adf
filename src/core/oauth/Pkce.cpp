#include "oauth/Pkce.h"

#include "oauth/Base64Url.h"
#include "oauth/SecureRandom.h"

#include <openssl/sha.h>

namespace deskauth {

Pkce Pkce::generate() {
    Pkce pkce;
    pkce.verifier = randomUrlSafeString(32);
    pkce.challenge = challengeFor(pkce.verifier);
    return pkce;
}

std::string Pkce::challengeFor(const std::string& verifier) {
    unsigned char digest[SHA256_DIGEST_LENGTH];
    SHA256(reinterpret_cast<const unsigned char*>(verifier.data()), verifier.size(), digest);
    return base64url::encode(digest, sizeof digest);
}

}  // namespace deskauth
