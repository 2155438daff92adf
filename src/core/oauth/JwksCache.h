#pragma once
// The signing keys of an issuer (its JWKS), fetched on first use and cached. An unknown `kid`
// causes one refetch (keys rotate, OIDC Core §10.1.1), unless the keys were fetched
// for this very lookup; refetches are at most once per `refetchInterval`, so that tokens with random
// kids cannot make us hammer the server. The first download does not count against that limit: a
// key rotated just after it (before the first sign-in) is found by the next unknown kid.
// Thread-safe (one leaf mutex, held while fetching); used by the app and by the API.
#include "http/HttpTransport.h"
#include "oauth/JsonWebKey.h"

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace deskauth {

class JwksCache {
public:
    using Clock = std::function<std::chrono::steady_clock::time_point()>;

    JwksCache(HttpTransport& transport, std::string jwksUri,
              std::chrono::seconds refetchInterval = std::chrono::seconds(30),
              Clock clock = [] { return std::chrono::steady_clock::now(); });

    // The key with this kid (or the only key, when kid is empty and there is one). nullopt when
    // the issuer has no such key even after a refetch. Throws NetworkError / ServerError when the
    // JWKS cannot be fetched and nothing is cached.
    std::optional<JsonWebKey> find(const std::string& kid);

    // The usable signing keys of a JWKS document (RFC 7517 §5), by kid. A key that is malformed,
    // private, not for signatures or of an unsupported type is skipped. Throws ProtocolError
    // ("invalid_jwks") when the document is not a JSON object with a "keys" array.
    static std::map<std::string, JsonWebKey> parse(const std::string& body);

    // How many times the JWKS was downloaded (tests and benchmarks check the cache with it).
    int fetchCount() const;

private:
    void fetchLocked();

    HttpTransport& transport_;
    std::string jwksUri_;
    std::chrono::seconds refetchInterval_;
    Clock clock_;
    mutable std::mutex mutex_;
    std::map<std::string, JsonWebKey> keys_;
    bool loaded_ = false;
    std::optional<std::chrono::steady_clock::time_point> lastRefetch_;  // for an unknown kid; not the first load
    int fetchCount_ = 0;
};

}  // namespace deskauth
