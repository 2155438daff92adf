#include "storage/MemoryTokenStore.h"

namespace deskauth {

std::optional<TokenSet> MemoryTokenStore::load() {
    std::lock_guard lock(mutex_);
    return tokens_;
}

void MemoryTokenStore::save(const TokenSet& tokens) {
    std::lock_guard lock(mutex_);
    tokens_ = tokens;
}

void MemoryTokenStore::clear() {
    std::lock_guard lock(mutex_);
    tokens_.reset();
}

}  // namespace deskauth
