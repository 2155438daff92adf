#include "storage/TokenStoreFactory.h"

#include "log/Log.h"
#include "storage/MemoryTokenStore.h"

#if defined(_WIN32)
#include "storage/CredentialManagerTokenStore.h"
#elif defined(__APPLE__)
#include "storage/KeychainTokenStore.h"
#else
#include "storage/SecretServiceTokenStore.h"
#endif

namespace deskauth {

namespace {

Poco::Logger& tokenStoreFactoryLog() { return log::get("storage"); }

constexpr const char* kFallbackMessage =
    "DeskAuth cannot use the system keyring, so your sign-in is kept in memory only. "
    "You will have to sign in again the next time you start DeskAuth.";

StorageBackend nativeBackend(Platform platform) {
    switch (platform) {
    case Platform::Windows: return StorageBackend::CredentialManager;
    case Platform::MacOS: return StorageBackend::Keychain;
    case Platform::Linux: break;
    }
    return StorageBackend::SecretService;
}

const char* platformName(StorageBackend backend) {
    switch (backend) {
    case StorageBackend::Keychain: return "macOS";
    case StorageBackend::CredentialManager: return "Windows";
    default: return "Linux";
    }
}

// The platform's own secret store for this configuration's session.
auto makeNativeStore(const Configuration& config, const TokenStoreOptions& options) {
#if defined(_WIN32)
    (void)options;
    return std::make_unique<CredentialManagerTokenStore>(config.oauth.authority, config.oauth.clientId);
#elif defined(__APPLE__)
    (void)options;
    return std::make_unique<KeychainTokenStore>(config.oauth.authority, config.oauth.clientId);
#else
    return std::make_unique<SecretServiceTokenStore>(
        config.oauth.authority, config.oauth.clientId,
        SecretServiceTimeouts{options.connectTimeout, options.userPromptTimeout});
#endif
}

}  // namespace

const char* toString(StorageBackend backend) {
    switch (backend) {
    case StorageBackend::SecretService: return "secret-service";
    case StorageBackend::Keychain: return "keychain";
    case StorageBackend::CredentialManager: return "credential-manager";
    case StorageBackend::Memory: return "memory";
    }
    return "unknown";
}

Platform currentPlatform() {
#if defined(_WIN32)
    return Platform::Windows;
#elif defined(__APPLE__)
    return Platform::MacOS;
#else
    return Platform::Linux;
#endif
}

StorageBackend resolveStorageBackend(const Configuration& config, Platform platform) {
    const std::string& wanted = config.storage.backend;
    if (wanted == "auto") return nativeBackend(platform);
    for (StorageBackend backend : {StorageBackend::Memory, StorageBackend::SecretService, StorageBackend::Keychain,
                                   StorageBackend::CredentialManager}) {
        if (wanted != toString(backend)) continue;
        if (backend == StorageBackend::Memory || backend == nativeBackend(platform)) return backend;
        throw ConfigurationError(config.sourceFile, "storage.backend",
                                 "is '" + wanted + "', which is only available on " + platformName(backend) +
                                     "; use 'auto' or 'memory' here");
    }
    throw ConfigurationError(config.sourceFile, "storage.backend",
                             "is '" + wanted + "'; use auto, secret-service, keychain, credential-manager or memory");
}

TokenStoreChoice chooseTokenStore(const Configuration& config, const TokenStoreOptions& options) {
    const StorageBackend backend = resolveStorageBackend(config, currentPlatform());
    if (backend == StorageBackend::Memory) {
        tokenStoreFactoryLog().information("tokens are kept in memory only (storage.backend is 'memory')");
        return {std::make_unique<MemoryTokenStore>(), std::nullopt};
    }
    std::optional<std::string> reason;
    try {
        auto store = makeNativeStore(config, options);
        reason = store->unavailableReason();
        if (!reason) {
            tokenStoreFactoryLog().information("tokens are kept in the %s store", std::string(toString(backend)));
            return {std::move(store), std::nullopt};
        }
    } catch (const StorageError& e) {  // a store that cannot even be set up (Windows: its mutex)
        reason = e.details();
    }
    StorageError notice(kFallbackMessage, std::string(toString(backend)) + " unavailable: " + *reason);
    tokenStoreFactoryLog().warning("keeping tokens in memory only (error %s): %s", notice.id(), notice.details());
    return {std::make_unique<MemoryTokenStore>(), std::move(notice)};
}

}  // namespace deskauth
