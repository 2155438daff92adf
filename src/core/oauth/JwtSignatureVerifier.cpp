#include "oauth/JwtSignatureVerifier.h"

#include "errors/Errors.h"
#include "oauth/EcdsaSignatureSize.h"

#include <Poco/JWT/JWTException.h>
#include <Poco/JWT/Signer.h>

#include <algorithm>
#include <stdexcept>

namespace deskauth {
namespace {

[[noreturn]] void reject(const std::string& reason) { throw ProtocolError("invalid_token", reason); }

}  // namespace

JwtSignatureVerifier::JwtSignatureVerifier(JwksCache& keys, std::set<std::string> allowedAlgorithms)
    : keys_(keys), allowedAlgorithms_(std::move(allowedAlgorithms)) {
    for (const auto& alg : allowedAlgorithms_) {
        if (alg.rfind("RS", 0) != 0 && alg.rfind("ES", 0) != 0) {
            throw std::invalid_argument("only RS* and ES* algorithms may be allowed, not " + alg);
        }
    }
}

Poco::JWT::Token JwtSignatureVerifier::verify(const std::string& jwt) const {
    if (jwt.size() > std::size_t{16} * 1024) reject("token larger than 16 KB");
    // RFC 7515 §7.1: header.payload.signature, exactly three parts (POCO would read a fourth as
    // part of the signature; found by fuzz_Jwt).
    if (std::count(jwt.begin(), jwt.end(), '.') != 2) reject("not three dot-separated parts");
    Poco::JWT::Token unverified;
    try {
        unverified = Poco::JWT::Token(jwt);
    } catch (const Poco::Exception& e) {
        reject("malformed JWT: " + e.message());
    }
    const std::string alg = unverified.getAlgorithm();
    if (!allowedAlgorithms_.count(alg)) reject("algorithm '" + alg + "' is not allowed");
    const std::string kid = unverified.header().optValue<std::string>("kid", "");

    auto key = keys_.find(kid);
    if (!key) reject("no signing key with kid '" + kid + "'");
    if (!key->alg.empty() && key->alg != alg) reject("token alg '" + alg + "' differs from key alg '" + key->alg + "'");

    Poco::JWT::Signer signer;
    if (alg.rfind("RS", 0) == 0 && key->rsa) {
        signer.setRSAKey(key->rsa);
    } else if (alg.rfind("ES", 0) == 0 && key->ec) {
        signer.setECKey(key->ec);
    } else {
        reject("key type '" + key->kty + "' does not match algorithm '" + alg + "'");
    }
    // RFC 7518 §3.4: R || S of the curve's size, checked before POCO sees it (EcdsaSignatureSize.h).
    if (alg.rfind("ES", 0) == 0 && !hasEcdsaSignatureOfItsSize(jwt, alg)) {
        reject("ECDSA signature is not base64url of R || S of the size " + alg + " needs");
    }
    // Exactly the one algorithm checked above: POCO's default set would otherwise include HS256.
    signer.setAlgorithms({alg});
    try {
        return signer.verify(jwt);
    } catch (const Poco::JWT::SignatureVerificationException&) {
        reject("signature does not verify");
    } catch (const Poco::Exception& e) {
        reject("signature check failed: " + e.message());
    }
}

}  // namespace deskauth
