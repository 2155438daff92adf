// Choosing the token store from storage.backend and the platform, without touching any keyring.
#include "storage/TokenStoreFactory.h"

#include <gtest/gtest.h>

using namespace deskauth;

namespace {

Configuration configWith(const std::string& backend) {
    Configuration config;
    config.sourceFile = "desktop.json";
    config.oauth.authority = "https://login.example.com";
    config.oauth.clientId = "deskauth-desktop";
    config.storage.backend = backend;
    return config;
}

std::string refusal(const std::string& backend, Platform platform) {
    try {
        resolveStorageBackend(configWith(backend), platform);
    } catch (const ConfigurationError& e) {
        EXPECT_EQ(e.field(), "storage.backend");
        return e.userMessage();
    }
    ADD_FAILURE() << backend << " was accepted";
    return {};
}

}  // namespace

TEST(TokenStoreFactory, AutoPicksThePlatformSecretStore) {
    EXPECT_EQ(resolveStorageBackend(configWith("auto"), Platform::Linux), StorageBackend::SecretService);
    EXPECT_EQ(resolveStorageBackend(configWith("auto"), Platform::MacOS), StorageBackend::Keychain);
    EXPECT_EQ(resolveStorageBackend(configWith("auto"), Platform::Windows), StorageBackend::CredentialManager);
}

TEST(TokenStoreFactory, ThePlatformStoreCanBeNamedExplicitly) {
    EXPECT_EQ(resolveStorageBackend(configWith("secret-service"), Platform::Linux), StorageBackend::SecretService);
    EXPECT_EQ(resolveStorageBackend(configWith("keychain"), Platform::MacOS), StorageBackend::Keychain);
    EXPECT_EQ(resolveStorageBackend(configWith("credential-manager"), Platform::Windows),
              StorageBackend::CredentialManager);
}

TEST(TokenStoreFactory, MemoryIsAvailableEverywhere) {
    for (Platform platform : {Platform::Linux, Platform::MacOS, Platform::Windows}) {
        EXPECT_EQ(resolveStorageBackend(configWith("memory"), platform), StorageBackend::Memory);
    }
}

TEST(TokenStoreFactory, AnotherPlatformsStoreIsAConfigurationErrorNamingTheField) {
    EXPECT_NE(refusal("keychain", Platform::Linux).find("only available on macOS"), std::string::npos);
    EXPECT_NE(refusal("credential-manager", Platform::MacOS).find("only available on Windows"), std::string::npos);
    EXPECT_NE(refusal("secret-service", Platform::Windows).find("only available on Linux"), std::string::npos);
    EXPECT_NE(refusal("keychain", Platform::Linux).find("desktop.json"), std::string::npos);
}

TEST(TokenStoreFactory, AnUnknownBackendIsAConfigurationError) {
    EXPECT_NE(refusal("floppy", Platform::Linux).find("'floppy'"), std::string::npos);
}

TEST(TokenStoreFactory, NamesMatchTheConfigurationValues) {
    EXPECT_STREQ(toString(StorageBackend::SecretService), "secret-service");
    EXPECT_STREQ(toString(StorageBackend::Keychain), "keychain");
    EXPECT_STREQ(toString(StorageBackend::CredentialManager), "credential-manager");
    EXPECT_STREQ(toString(StorageBackend::Memory), "memory");
}

TEST(TokenStoreFactory, MemoryBackendNeedsNoSecretStoreAndGivesNoNotice) {
    TokenStoreChoice choice = chooseTokenStore(configWith("memory"));
    ASSERT_NE(choice.store, nullptr);
    EXPECT_EQ(choice.store->name(), "memory");
    EXPECT_FALSE(choice.store->persistent());
    EXPECT_FALSE(choice.fallbackNotice) << "the user chose memory; nothing to tell them";
    TokenSet tokens;
    tokens.refreshToken = "r";
    choice.store->save(tokens);
    EXPECT_EQ(choice.store->load()->refreshToken, "r");
}

TEST(TokenStoreFactory, TheCurrentPlatformIsKnown) {
#if defined(_WIN32)
    EXPECT_EQ(currentPlatform(), Platform::Windows);
#elif defined(__APPLE__)
    EXPECT_EQ(currentPlatform(), Platform::MacOS);
#else
    EXPECT_EQ(currentPlatform(), Platform::Linux);
#endif
}
