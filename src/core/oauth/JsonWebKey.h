#pragma once
// Turns one JSON Web Key (RFC 7517/7518: RSA "n"/"e", EC P-256/384/521 "x"/"y") into a public key
// POCO can verify with. POCO 1.11 only loads keys from PEM, so the key is built with OpenSSL's
// EVP_PKEY_fromdata (no hand-written crypto) and wrapped in Poco::Crypto types.
// Threads: pure functions; any thread.
#include <Poco/Crypto/ECKey.h>
#include <Poco/Crypto/RSAKey.h>
#include <Poco/JSON/Object.h>
#include <Poco/SharedPtr.h>

#include <string>

namespace deskauth {

struct JsonWebKey {
    std::string kid;
    std::string kty;  // "RSA" or "EC"
    std::string alg;  // may be empty when the JWKS does not say
    Poco::SharedPtr<Poco::Crypto::RSAKey> rsa;
    Poco::SharedPtr<Poco::Crypto::ECKey> ec;

    // Throws std::invalid_argument for unsupported or malformed keys, and for private keys.
    static JsonWebKey fromJson(const Poco::JSON::Object& jwk);
};

}  // namespace deskauth
