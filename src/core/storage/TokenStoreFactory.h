#pragma once
// Chooses where tokens live, from storage.backend (auto, secret-service, keychain,
// credential-manager, memory) and the platform. When the OS secret store cannot be used — no D-Bus
// session, no Secret Service, a locked keyring the user declines to unlock — tokens are kept in
// memory only and `fallbackNotice` says so; the app shows it to the user once. Tokens are never
// written to a file by any choice.
//
// Threads: chooseTokenStore() blocks — it may wait for the user to answer an unlock prompt, up to
// TokenStoreOptions::userPromptTimeout — so call it once at start-up, off the UI thread. The
// functions hold no state and may be called from any thread.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "storage/TokenStore.h"

#include <chrono>
#include <memory>
#include <optional>

namespace deskauth {

enum class StorageBackend { SecretService, Keychain, CredentialManager, Memory };
enum class Platform { Linux, MacOS, Windows };  // Linux: and any other freedesktop system

const char* toString(StorageBackend backend);  // its storage.backend name
Platform currentPlatform();

// The backend storage.backend names on `platform` ("auto" = the platform's secret store). Throws
// ConfigurationError naming storage.backend when that backend does not exist on `platform`.
StorageBackend resolveStorageBackend(const Configuration& config, Platform platform);

struct TokenStoreOptions {
    std::chrono::milliseconds connectTimeout{5000};       // reaching the secret store
    std::chrono::milliseconds userPromptTimeout{120000};  // the user answering an unlock prompt
};

struct TokenStoreChoice {
    std::unique_ptr<TokenStore> store;  // never null
    // Set when the configured secret store could not be used and `store` is memory only. Its
    // userMessage() tells the user they will have to sign in again next time; id() matches the
    // warning logged with the reason (details()).
    std::optional<StorageError> fallbackNotice;
};

// Throws ConfigurationError (see resolveStorageBackend); never StorageError.
TokenStoreChoice chooseTokenStore(const Configuration& config, const TokenStoreOptions& options = {});

}  // namespace deskauth
