#include "oauth/LoginStateMap.h"

#include "oauth/Pkce.h"
#include "oauth/SecureRandom.h"

namespace deskauth {

PendingLogin PendingLogin::create(std::string redirectUri) {
    PendingLogin login;
    login.state = randomUrlSafeString(32);
    login.nonce = randomUrlSafeString(32);
    login.codeVerifier = Pkce::generate().verifier;
    login.redirectUri = std::move(redirectUri);
    login.startedAt = std::chrono::steady_clock::now();
    return login;
}

void LoginStateMap::add(PendingLogin login) {
    std::lock_guard lock(mutex_);
    std::string key = login.state;
    logins_.insert_or_assign(std::move(key), std::move(login));
}

std::optional<PendingLogin> LoginStateMap::take(const std::string& state) {
    std::lock_guard lock(mutex_);
    auto it = logins_.find(state);
    if (state.empty() || it == logins_.end()) return std::nullopt;
    PendingLogin login = std::move(it->second);
    logins_.erase(it);
    return login;
}

bool LoginStateMap::contains(const std::string& state) const {
    std::lock_guard lock(mutex_);
    return logins_.count(state) > 0;
}

std::size_t LoginStateMap::size() const {
    std::lock_guard lock(mutex_);
    return logins_.size();
}

void LoginStateMap::clear() {
    std::lock_guard lock(mutex_);
    logins_.clear();
}

}  // namespace deskauth
