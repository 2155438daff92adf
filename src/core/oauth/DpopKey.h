#pragma once
// The session's DPoP key pair (RFC 9449): a P-256 key made with OpenSSL, signing ES256 (the one
// algorithm every DPoP server supports, RFC 9449 §5.1). The private key leaves the process only
// as PKCS#8 PEM into the secret store, beside the tokens it binds (TokenSet::dpopKey); it is never
// logged. Where a platform key store that refuses export exists (Windows CNG), it is not used yet:
// the key lives in the same secret store as the tokens on every platform.
// Threads: an immutable value once made; const calls from any thread.
#include <Poco/JSON/Object.h>

#include <memory>
#include <string>

typedef struct evp_pkey_st EVP_PKEY;

namespace deskauth {

class DpopKey {
public:
    // A fresh P-256 key pair from the OS CSPRNG. Throws std::runtime_error when OpenSSL fails.
    static DpopKey generate();
    // A key saved with toPem(). Throws std::invalid_argument when it is no P-256 private key.
    static DpopKey fromPem(const std::string& pkcs8Pem);

    // PKCS#8 PEM of the private key: a secret like a refresh token.
    std::string toPem() const;
    // The public key as a JWK (RFC 7518 §6.2.1): {"kty":"EC","crv":"P-256","x","y"}.
    Poco::JSON::Object::Ptr publicJwk() const;
    // RFC 7638 thumbprint of publicJwk() (dpop_jkt, cnf.jkt).
    std::string thumbprint() const;
    // ES256 signature of `input` (RFC 7518 §3.4): SHA-256, ECDSA P-256, R || S as 64 bytes.
    std::string signEs256(const std::string& input) const;

private:
    explicit DpopKey(std::shared_ptr<EVP_PKEY> key);
    std::shared_ptr<EVP_PKEY> key_;
    std::string x_, y_;  // the public point's coordinates, 32 bytes each
};

}  // namespace deskauth
