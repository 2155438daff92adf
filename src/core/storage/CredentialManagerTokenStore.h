#pragma once
// Tokens in the Windows Credential Manager: generic credentials of the signed-in Windows user,
// persisted on this machine only (CRED_PERSIST_LOCAL_MACHINE, never roaming), encrypted by
// Windows (DPAPI). Target "DeskAuth:<client id>@<authority>" holds the TokenSetCodec JSON; values
// over 2560 bytes continue in "<target>#1", "<target>#2", ... (CredentialBlobParts.h). Windows
// only (compiled when _WIN32). See README.md for inspecting the entry by hand.
//
// Threads: thread-safe. Every operation holds a named mutex for this Windows session, so several
// DeskAuth processes never see a half-written set of parts.
#include "storage/TokenStore.h"

#if defined(_WIN32)

#include <mutex>
#include <optional>
#include <string>

namespace deskauth {

class CredentialManagerTokenStore final : public TokenStore {
public:
    CredentialManagerTokenStore(const std::string& authority, const std::string& clientId);
    ~CredentialManagerTokenStore() override;
    CredentialManagerTokenStore(const CredentialManagerTokenStore&) = delete;
    CredentialManagerTokenStore& operator=(const CredentialManagerTokenStore&) = delete;

    // nullopt when the Credential Manager can be used (it cannot in some service or network
    // logon sessions), otherwise why not.
    std::optional<std::string> unavailableReason();

    std::optional<TokenSet> load() override;
    void save(const TokenSet& tokens) override;
    void clear() override;
    bool persistent() const override { return true; }
    std::string name() const override { return "credential-manager"; }

private:
    class CrossProcessLock;
    std::wstring partTarget(std::size_t index) const;
    void removeParts(std::size_t from);

    std::wstring target_;
    void* processMutex_;  // HANDLE of the named mutex shared by all DeskAuth processes
    std::mutex mutex_;
};

}  // namespace deskauth

#endif  // _WIN32
