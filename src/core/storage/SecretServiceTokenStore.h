#pragma once
// Tokens in the freedesktop Secret Service (GNOME Keyring, KWallet, KeePassXC, ...) through
// libsecret: one item per authority + client id in the default collection, so two configurations
// never clash. Schema com.deskauth.Tokens, attributes app=deskauth, authority=<issuer>,
// client_id=<client id>, label "DeskAuth session", secret = the TokenSetCodec JSON. The keyring
// encrypts it on disk; libsecret also encrypts it on the bus when the service offers that.
// Linux and other freedesktop systems only (see README.md for inspecting the entry by hand).
//
// Threads: thread-safe. Calls are serialised per object and block — D-Bus round trips, plus an
// unlock prompt when the keyring is locked — so make them off the UI thread. Processes may share
// the entry: a save replaces the whole item in one service call, so readers see old or new, never
// a mix.
#include "storage/TokenStore.h"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>

namespace deskauth {

struct SecretServiceTimeouts {
    // Reaching the service: D-Bus connection, session, the default collection's path.
    std::chrono::milliseconds connect{5000};
    // A call that may show the user an unlock or create-keyring prompt.
    std::chrono::milliseconds userPrompt{120000};
};

class SecretServiceTokenStore final : public TokenStore {
public:
    static constexpr const char* kSchemaName = "com.deskauth.Tokens";
    static constexpr const char* kLabel = "DeskAuth session";

    SecretServiceTokenStore(std::string authority, std::string clientId, SecretServiceTimeouts timeouts = {});

    // nullopt when the store can be used now: the service answers and its default collection
    // exists and is unlocked (unlocking or creating it may prompt the user). Otherwise why not, for
    // the log and the user's notice. Never throws StorageError. Without a D-Bus session bus it
    // says so at once and libsecret is not called (it would autolaunch a bus: storage/SessionBus.h).
    std::optional<std::string> unavailableReason();

    std::optional<TokenSet> load() override;
    void save(const TokenSet& tokens) override;
    void clear() override;
    bool persistent() const override { return true; }
    std::string name() const override { return "secret-service"; }

private:
    void clearLocked();

    const std::string authority_;
    const std::string clientId_;
    const SecretServiceTimeouts timeouts_;
    std::mutex mutex_;
};

}  // namespace deskauth
