#pragma once
// Tokens in the macOS login keychain: one generic-password item, service "com.deskauth.Tokens",
// account "<client id>@<authority>", label "DeskAuth session", data = the TokenSetCodec JSON. The
// keychain encrypts it and asks the user before any other app reads it. macOS only (compiled when
// __APPLE__). See README.md for inspecting the entry by hand.
//
// Threads: thread-safe. Calls are serialised per object and may block on a keychain unlock
// prompt. A save is one SecItemUpdate (or SecItemAdd), so other processes see the old or the new
// entry, never a mix.
#include "storage/TokenStore.h"

#if defined(__APPLE__)

#include <mutex>
#include <optional>
#include <string>

namespace deskauth {

class KeychainTokenStore final : public TokenStore {
public:
    static constexpr const char* kService = "com.deskauth.Tokens";
    static constexpr const char* kLabel = "DeskAuth session";

    KeychainTokenStore(const std::string& authority, const std::string& clientId);

    // nullopt when the keychain can be searched (no default keychain, or a locked one the user
    // declines to unlock, make it unusable), otherwise why not.
    std::optional<std::string> unavailableReason();

    std::optional<TokenSet> load() override;
    void save(const TokenSet& tokens) override;
    void clear() override;
    bool persistent() const override { return true; }
    std::string name() const override { return "keychain"; }

private:
    void clearLocked();

    const std::string account_;
    std::mutex mutex_;
};

}  // namespace deskauth

#endif  // __APPLE__
