#include "ClaimsCache.h"

#include <openssl/evp.h>

#include <mutex>
#include <shared_mutex>
#include <stdexcept>

namespace deskauth::api {

ClaimsCache::ClaimsCache(std::size_t maxEntries, Clock clock) : maxEntries_(maxEntries), clock_(std::move(clock)) {
    if (maxEntries_ == 0) throw std::invalid_argument("the claims cache needs room for at least one entry");
}

std::string ClaimsCache::keyOf(const std::string& token) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(token.data(), token.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed in OpenSSL");
    }
    return std::string(reinterpret_cast<const char*>(digest), length);
}

std::optional<AccessClaims> ClaimsCache::find(const std::string& token) const {
    const std::string key = keyOf(token);
    std::shared_lock lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || clock_() >= *it->second.expiresAt) return std::nullopt;
    return it->second;
}

void ClaimsCache::store(const std::string& token, const AccessClaims& claims) {
    if (!claims.expiresAt) return;
    const auto now = clock_();
    if (now >= *claims.expiresAt) return;
    const std::string key = keyOf(token);
    std::unique_lock lock(mutex_);
    if (!entries_.count(key) && entries_.size() >= maxEntries_) makeRoomLocked(now);
    entries_.insert_or_assign(key, claims);
}

void ClaimsCache::makeRoomLocked(std::chrono::system_clock::time_point now) {
    std::erase_if(entries_, [now](const auto& entry) { return now >= *entry.second.expiresAt; });
    if (entries_.size() < maxEntries_) return;
    auto soonest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        if (*it->second.expiresAt < *soonest->second.expiresAt) soonest = it;
    }
    entries_.erase(soonest);
}

std::size_t ClaimsCache::size() const {
    std::shared_lock lock(mutex_);
    return entries_.size();
}

}  // namespace deskauth::api
