#pragma once
// Validated claims by access token, so that a repeated call with the same token costs a SHA-256
// and a map lookup: no signature check and no network. Keyed by the SHA-256 of the token, so
// the cache never holds a usable token. An entry lives until the token's "exp" and never longer;
// at most `maxEntries` are kept (expired ones go first, then the soonest to expire).
// Only accepted tokens are stored. Thread-safe (readers share a lock).
#include "AccessClaims.h"
#include "SharedMutex.h"

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

namespace deskauth::api {

class ClaimsCache {
public:
    using Clock = std::function<std::chrono::system_clock::time_point()>;

    explicit ClaimsCache(std::size_t maxEntries = 10000,
                         Clock clock = [] { return std::chrono::system_clock::now(); });

    // The claims stored for this token, or nullopt when unknown or expired.
    std::optional<AccessClaims> find(const std::string& token) const;

    // Keeps the claims until claims.expiresAt; claims without an expiry are not stored.
    void store(const std::string& token, const AccessClaims& claims);

    std::size_t size() const;

    // The cache key: the raw SHA-256 digest of the token (OpenSSL).
    static std::string keyOf(const std::string& token);

private:
    void makeRoomLocked(std::chrono::system_clock::time_point now);

    std::size_t maxEntries_;
    Clock clock_;
    mutable SharedMutex mutex_;  // not std::shared_mutex: SharedMutex.h says why
    std::unordered_map<std::string, AccessClaims> entries_;
};

}  // namespace deskauth::api
