#pragma once
// The logins under way, keyed by their `state` (RFC 6749 §10.12). The user may click Sign In
// several times or close a browser tab and retry: each attempt has its own state, nonce and PKCE
// verifier, and a response completes only the attempt it belongs to. An entry is taken out when
// its response arrives, so each response is accepted at most once. Thread-safe.
#include "oauth/DpopKey.h"

#include <chrono>
#include <map>
#include <memory>
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
    // The attempt's DPoP key (RFC 9449 §10: its thumbprint goes into the authorization request as
    // dpop_jkt), null without DPoP. Kept with the tokens once the code is exchanged.
    std::shared_ptr<const DpopKey> dpopKey;

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
