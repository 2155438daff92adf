#pragma once
// The logins under way, keyed by their `state` (RFC 6749 §10.12). The user may click Sign In
// several times or close a browser tab and retry: each attempt has its own state, nonce and PKCE
// verifier, and a response completes only the attempt it belongs to. An entry is taken out when
// its response arrives, so each response is accepted at most once. Thread-safe.
#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace deskauth {

struct PendingLogin {
    std::string state;
    std::string nonce;
    std::string codeVerifier;
    std::string redirectUri;
    std::chrono::steady_clock::time_point startedAt;

    // A new attempt with fresh CSPRNG state, nonce and PKCE verifier.
    static PendingLogin create(std::string redirectUri);
};

class LoginStateMap {
public:
    void add(PendingLogin login);
    // Removes and returns the attempt with this state; nullopt for an unknown or used state.
    std::optional<PendingLogin> take(const std::string& state);
    bool contains(const std::string& state) const;
    std::size_t size() const;
    void clear();

private:
    mutable std::mutex mutex_;
    std::map<std::string, PendingLogin> logins_;
};

}  // namespace deskauth
