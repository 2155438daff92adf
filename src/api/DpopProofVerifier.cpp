#include "DpopProofVerifier.h"

#include "HttpProblem.h"
#include "http/JsonBody.h"
#include "oauth/Base64Url.h"
#include "oauth/DpopProof.h"
#include "oauth/DpopSigner.h"
#include "oauth/EcdsaSignatureSize.h"
#include "oauth/JsonWebKey.h"
#include "oauth/JwkThumbprint.h"
#include "oauth/SecureRandom.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JWT/Signer.h>
#include <Poco/URI.h>

#include <algorithm>

namespace deskauth::api {
namespace {

// Far above a real proof (about 600 bytes); a larger header is not parsed at all.
constexpr std::size_t maxProofSize = 4096;
constexpr std::size_t maxJtiSize = 256;

[[noreturn]] void reject(const std::string& reason) { throw HttpProblem::invalidDpopProof(reason); }

Poco::JSON::Object::Ptr protectedHeader(const std::string& proof) {
    const auto dot = proof.find('.');
    if (dot == std::string::npos || proof.find('.', dot + 1) == std::string::npos ||
        proof.find('.', proof.find('.', dot + 1) + 1) != std::string::npos) {
        reject("not a compact JWS");
    }
    try {
        auto parsed = Poco::JSON::Parser().parse(base64url::decode(proof.substr(0, dot)));
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) reject("header is not a JSON object");
        return parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        reject("header is not JSON");
    } catch (const std::invalid_argument&) {
        reject("header is not base64url");
    }
}

// §4.3 step 9: htu is compared without query and fragment; scheme and host are case-insensitive.
std::string comparableUri(const std::string& uri) {
    const std::string target = dpopTargetUri(uri);
    try {
        const std::string origin = originOf(target);
        if (origin.empty()) return {};
        return origin + Poco::URI(target).getPath();
    } catch (const Poco::Exception&) {
        return {};
    }
}

}  // namespace

DpopProofVerifier::DpopProofVerifier(DpopRules rules, Clock clock)
    : rules_(rules),
      clock_(std::move(clock)),
      replays_(rules.replayCacheEntries, rules.window * 2),
      keys_(static_cast<long>(std::max<std::size_t>(1, rules.keyCacheEntries))) {}

Poco::SharedPtr<Poco::Crypto::ECKey> DpopProofVerifier::publicKey(const Poco::JSON::Object& jwkObject,
                                                                 std::string& thumbprint) {
    try {
        // §4.3 step 7: never a private key. Checked before the cache: a jwk with the cached key's
        // public members and a "d" has the same thumbprint.
        if (jwkObject.has("d")) reject("unusable jwk: it is a private key");
        thumbprint = jwkThumbprint(jwkObject);  // RFC 7638: the required members (kty, crv, x, y)
        if (auto cached = keys_.get(thumbprint)) return cached;
        const JsonWebKey jwk = JsonWebKey::fromJson(jwkObject);
        if (!jwk.ec || json::optionalString(jwkObject, "crv").value_or("") != "P-256") reject("jwk is not a P-256 key");
        // The thumbprint covers every member the key is built from, so another jwk with the same
        // thumbprint is the same public key.
        keys_.add(thumbprint, jwk.ec);
        return jwk.ec;
    } catch (const std::invalid_argument& e) {
        reject(std::string("unusable jwk: ") + e.what());
    }
}

std::size_t DpopProofVerifier::cachedKeys() const { return keys_.size(); }

std::string DpopProofVerifier::verify(const DpopRequest& request) {
    if (request.proof.empty()) reject("no DPoP header");
    if (request.proof.size() > maxProofSize) reject("DPoP header too large");
    const auto header = protectedHeader(request.proof);
    // §4.3 steps 4-6: the type, an asymmetric algorithm we support, and a public key.
    if (json::optionalString(*header, "typ").value_or("") != "dpop+jwt") reject("typ is not dpop+jwt");
    if (json::optionalString(*header, "alg").value_or("") != "ES256") reject("alg is not ES256");
    const auto jwkObject = header->getObject("jwk");
    if (!jwkObject) reject("no jwk in the header");
    std::string thumbprint;
    const auto proofKey = publicKey(*jwkObject, thumbprint);
    // §4.3 step 8: the signature, with the key of the header; first its size (RFC 7518 §3.4),
    // before POCO sees it, which would leak memory for a malformed one (EcdsaSignatureSize.h).
    if (!hasEcdsaSignatureOfItsSize(request.proof, "ES256")) reject("signature is not an ES256 signature (R || S, 64 bytes)");
    Poco::JSON::Object::Ptr claims;
    try {
        Poco::JWT::Signer signer(proofKey);
        signer.addAlgorithm(Poco::JWT::Signer::ALGO_ES256);
        claims = new Poco::JSON::Object(signer.verify(request.proof).payload());
    } catch (const Poco::Exception&) {
        reject("signature does not verify with the header's jwk");
    }
    const std::string jti = json::optionalString(*claims, "jti").value_or("");
    if (jti.empty() || jti.size() > maxJtiSize) reject("jti missing or too long");
    // §4.3 steps 9-10: this request's method and URI.
    if (json::optionalString(*claims, "htm").value_or("") != request.method) reject("htm is not " + request.method);
    const std::string htu = comparableUri(json::optionalString(*claims, "htu").value_or(""));
    if (htu.empty() || htu != comparableUri(request.uri)) reject("htu is not this request's URI");
    // §4.3 step 11-12: iat within the window of the API clock.
    const auto iat = json::optionalNumber(*claims, "iat");
    const auto now = clock_();
    const long long nowSeconds = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (!iat) reject("iat missing");
    if (*iat < nowSeconds - rules_.window.count() || *iat > nowSeconds + rules_.window.count()) reject("iat outside the window");
    // §4.3 step 12: ath binds the proof to the presented access token.
    if (json::optionalString(*claims, "ath").value_or("") != dpopAccessTokenHash(request.accessToken)) {
        reject("ath does not match the access token");
    }
    // §9: a nonce this API issued, when nonces are required.
    if (rules_.requireNonce && !nonceAccepted(json::optionalString(*claims, "nonce").value_or(""))) {
        throw HttpProblem::useDpopNonce(currentNonce());
    }
    // §11.1: each proof once. Checked last, so a proof refused for another reason is not recorded.
    if (!replays_.firstUse(thumbprint + ":" + jti, now)) reject("jti already used (replayed proof)");
    return thumbprint;
}

void DpopProofVerifier::rotateLocked(std::chrono::system_clock::time_point now) {
    if (!nonce_.empty() && now - nonceIssuedAt_ < rules_.nonceLifetime) return;
    previousNonce_ = nonce_;
    nonce_ = randomUrlSafeString(24);
    nonceIssuedAt_ = now;
}

std::string DpopProofVerifier::currentNonce() {
    if (!rules_.requireNonce) return {};
    std::lock_guard lock(nonceMutex_);
    rotateLocked(clock_());
    return nonce_;
}

bool DpopProofVerifier::nonceAccepted(const std::string& nonce) {
    std::lock_guard lock(nonceMutex_);
    rotateLocked(clock_());
    return !nonce.empty() && (nonce == nonce_ || nonce == previousNonce_);
}

}  // namespace deskauth::api
