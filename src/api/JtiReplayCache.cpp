#include "JtiReplayCache.h"

namespace deskauth::api {

JtiReplayCache::JtiReplayCache(std::size_t capacity, std::chrono::seconds window) : capacity_(capacity), window_(window) {}

bool JtiReplayCache::firstUse(const std::string& key, TimePoint now) {
    std::lock_guard lock(mutex_);
    while (!byTime_.empty() && (byTime_.begin()->first < now - window_ || byTime_.size() >= capacity_)) {
        seen_.erase(byTime_.begin()->second);
        byTime_.erase(byTime_.begin());
    }
    if (!seen_.insert(key).second) return false;
    byTime_.emplace(now, key);
    return true;
}

std::size_t JtiReplayCache::size() const {
    std::lock_guard lock(mutex_);
    return seen_.size();
}

}  // namespace deskauth::api
