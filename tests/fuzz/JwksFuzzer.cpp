// A JWKS document (RFC 7517 §5) from the network: every key is turned into an OpenSSL public key
// through JsonWebKey (RSA n/e, EC P-256/384/521 x/y) or skipped.
#include "FuzzInput.h"
#include "errors/Errors.h"
#include "oauth/JwksCache.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    deskauth::fuzz::quietLog();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        for (const auto& [kid, key] : deskauth::JwksCache::parse(deskauth::fuzz::text(data, size))) {
            if (!key.rsa && !key.ec) __builtin_trap();  // a usable key has exactly one of them
            if (key.rsa && key.ec) __builtin_trap();
        }
    } catch (const deskauth::ProtocolError&) {
    }
    return 0;
}
