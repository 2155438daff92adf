#pragma once
// Checks the DPoP proof of a request (RFC 9449 §4.3) and hands out the server nonces (§9).
// A proof must be a JWT with typ "dpop+jwt", alg ES256 and a public P-256 jwk, signed by that
// key; its htm and htu must be this request's method and URI (query and fragment aside), its iat
// within the window of the API clock, its jti new (JtiReplayCache), its ath the hash of the
// presented access token and, when nonces are required, its nonce one that this API issued.
// Returns the key's RFC 7638 thumbprint, which the caller compares with the token's cnf.jkt.
// The public key built from a jwk is cached per thumbprint (bounded, least recently used out).
// Threads: thread-safe; verify() runs on the request threads and never blocks on the network.
#include "JtiReplayCache.h"

#include <Poco/Crypto/ECKey.h>
#include <Poco/JSON/Object.h>
#include <Poco/LRUCache.h>
#include <Poco/SharedPtr.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <string>

namespace deskauth::api {

struct DpopRules {
    std::chrono::seconds window{60};  // |now - iat| allowed (§11.1: "a relatively brief period")
    std::size_t replayCacheEntries = 100000;
    // Public keys already built from a proof's jwk, by RFC 7638 thumbprint (a client signs every
    // proof with the same key): the least recently used is dropped beyond this many.
    std::size_t keyCacheEntries = 1000;
    bool requireNonce = false;
    std::chrono::seconds nonceLifetime{300};  // a nonce is accepted for one or two lifetimes
};

struct DpopRequest {
    std::string proof;        // the DPoP header
    std::string method;       // htm
    std::string uri;          // htu: https://<host>/<path> as this API was addressed
    std::string accessToken;  // ath
};

class DpopProofVerifier {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;
    DpopProofVerifier(DpopRules rules, Clock clock);

    // Throws HttpProblem: invalidDpopProof for a proof that fails a check, useDpopNonce when a
    // nonce is required and missing or stale (it carries the current one).
    std::string verify(const DpopRequest& request);

    // The nonce to send now (rotated every nonceLifetime by the API clock); "" when not required.
    std::string currentNonce();

    // How many parsed public keys are cached (at most DpopRules::keyCacheEntries).
    std::size_t cachedKeys() const;

private:
    // The P-256 public key of a proof's jwk, from the cache or built (and cached); `thumbprint`
    // is filled in. Throws HttpProblem for an unusable jwk.
    Poco::SharedPtr<Poco::Crypto::ECKey> publicKey(const Poco::JSON::Object& jwk, std::string& thumbprint);
    bool nonceAccepted(const std::string& nonce);
    void rotateLocked(std::chrono::system_clock::time_point now);

    const DpopRules rules_;
    const Clock clock_;
    JtiReplayCache replays_;
    // Poco's LRU cache is thread-safe (its own mutex) and hands out shared pointers, so a key
    // dropped while a request verifies with it stays alive for that request.
    mutable Poco::LRUCache<std::string, Poco::Crypto::ECKey> keys_;
    std::mutex nonceMutex_;
    std::string nonce_, previousNonce_;
    std::chrono::system_clock::time_point nonceIssuedAt_{};
};

}  // namespace deskauth::api
