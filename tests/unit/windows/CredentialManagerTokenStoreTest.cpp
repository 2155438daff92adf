// CredentialManagerTokenStore against the real CredWriteW / CredReadW / CredDeleteW (Wine's, in the
// test run's own WINEPREFIX; scripts/windows/test): a session round trip, a session too large for
// one credential, leftover parts, and corrupt entries, which are removed and reported once
// (CorruptTokenEntry, issue 21).
#include "storage/CredentialManagerTokenStore.h"

#include "platform/WideString.h"
#include "storage/TokenSetCodec.h"

#include <gtest/gtest.h>

// clang-format off
#include <windows.h>
#include <wincred.h>
// clang-format on

#include <chrono>
#include <optional>
#include <string>

using namespace deskauth;

namespace {

constexpr const char* kAuthority = "https://127.0.0.1:9/credential-manager-tests";

// Each test has its own entry (client id = test name), so tests never see each other's tokens.
class CredentialManagerStore : public ::testing::Test {
protected:
    std::string clientId = std::string("client-") + ::testing::UnitTest::GetInstance()->current_test_info()->name();
    CredentialManagerTokenStore store{kAuthority, clientId};

    void TearDown() override { store.clear(); }

    std::wstring target(int part = 0) const {
        const std::wstring base = widen("DeskAuth:" + clientId + "@" + kAuthority);
        return part == 0 ? base : base + L"#" + std::to_wstring(part);
    }
    bool rawExists(int part = 0) const {
        PCREDENTIALW credential = nullptr;
        if (!CredReadW(target(part).c_str(), CRED_TYPE_GENERIC, 0, &credential)) return false;
        CredFree(credential);
        return true;
    }
    void writeRaw(const std::string& blob, int part = 0) const {
        std::wstring name = target(part);
        CREDENTIALW credential{};
        credential.Type = CRED_TYPE_GENERIC;
        credential.TargetName = name.data();
        credential.CredentialBlobSize = static_cast<DWORD>(blob.size());
        credential.CredentialBlob = reinterpret_cast<LPBYTE>(const_cast<char*>(blob.data()));
        credential.Persist = CRED_PERSIST_LOCAL_MACHINE;
        ASSERT_TRUE(CredWriteW(&credential, 0)) << "CredWriteW: " << GetLastError();
    }
};

TokenSet tokens(const std::string& tag, std::size_t idTokenSize = 40) {
    TokenSet t;
    t.accessToken = "access-" + tag;
    t.refreshToken = "refresh-" + tag;
    t.idToken = std::string(idTokenSize, 'i') + tag;
    t.scope = "openid api.read";
    t.accessTokenExpiresAt = std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
                             std::chrono::seconds(300);
    return t;
}

void expectSame(const std::optional<TokenSet>& loaded, const TokenSet& saved) {
    ASSERT_TRUE(loaded);
    EXPECT_EQ(loaded->accessToken, saved.accessToken);
    EXPECT_EQ(loaded->refreshToken, saved.refreshToken);
    EXPECT_EQ(loaded->idToken, saved.idToken);
    EXPECT_EQ(loaded->scope, saved.scope);
    EXPECT_EQ(loaded->accessTokenExpiresAt, saved.accessTokenExpiresAt);
}

}  // namespace

TEST_F(CredentialManagerStore, TheCredentialManagerIsAvailable) { EXPECT_EQ(store.unavailableReason(), std::nullopt); }

TEST_F(CredentialManagerStore, SavesLoadsUpdatesAndClearsASession) {
    EXPECT_FALSE(store.load());
    const TokenSet first = tokens("first");
    store.save(first);
    EXPECT_TRUE(rawExists());
    expectSame(store.load(), first);
    // A restart: a new store object reads what the first one saved.
    expectSame(CredentialManagerTokenStore(kAuthority, clientId).load(), first);
    const TokenSet second = tokens("second");
    store.save(second);
    expectSame(store.load(), second);
    store.clear();
    EXPECT_FALSE(store.load());
    EXPECT_FALSE(rawExists());
}

TEST_F(CredentialManagerStore, ASessionLargerThanOneCredentialIsSplitAndJoined) {
    const TokenSet large = tokens("large", 7000);  // over 2560 bytes: at least three parts
    store.save(large);
    EXPECT_TRUE(rawExists(1));
    EXPECT_TRUE(rawExists(2));
    expectSame(store.load(), large);
    // A shorter value afterwards leaves no parts of the longer one behind.
    const TokenSet small = tokens("small");
    store.save(small);
    EXPECT_FALSE(rawExists(1));
    expectSame(store.load(), small);
}

TEST_F(CredentialManagerStore, ACorruptEntryIsDiscardedAndTheStoreWorksAfterwards) {
    for (const std::string& garbage : {std::string("garbage"), std::string("1\n{\"v\":1,\"access_token\":"),
                                       std::string("3\nonly the first of three parts"),
                                       std::string("\x01\x02\xff binary", 10)}) {
        writeRaw(garbage);
        ASSERT_TRUE(rawExists());
        // Thrown after the removal, so that the app tells the user once, with its error ID (issue 21).
        try {
            store.load();
            ADD_FAILURE() << "a corrupt entry was loaded: " << garbage;
        } catch (const CorruptTokenEntry& e) {
            EXPECT_EQ(e.userMessage(), "Your saved session could not be read and was removed. Please sign in again.");
            EXPECT_FALSE(e.id().empty());
        }
        EXPECT_FALSE(rawExists()) << "the corrupt entry is deleted: " << garbage;
        EXPECT_FALSE(store.load()) << "and is not reported again: " << garbage;
    }
    const TokenSet fresh = tokens("after-corrupt");
    store.save(fresh);
    expectSame(store.load(), fresh);
}
