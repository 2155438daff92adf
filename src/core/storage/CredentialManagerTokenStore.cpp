#include "storage/CredentialManagerTokenStore.h"

#if defined(_WIN32)

#include "errors/Errors.h"
#include "log/Log.h"
#include "platform/WideString.h"
#include "storage/CredentialBlobParts.h"
#include "storage/DecodeOrDiscard.h"
#include "storage/TokenSetCodec.h"

// clang-format off
#include <windows.h>
#include <wincred.h>
// clang-format on

#include <vector>

namespace deskauth {

namespace {

Poco::Logger& credentialManagerTokenStoreLog() { return log::get("storage"); }

std::string windowsError(const char* call, DWORD code) {
    return std::string(call) + " failed with Windows error " + std::to_string(code);
}

// nullopt when the credential does not exist. Throws StorageError.
std::optional<std::string> readCredential(const std::wstring& target) {
    PCREDENTIALW credential = nullptr;
    if (!CredReadW(target.c_str(), CRED_TYPE_GENERIC, 0, &credential)) {
        const DWORD code = GetLastError();
        if (code == ERROR_NOT_FOUND) return std::nullopt;
        throw StorageError("DeskAuth could not read your saved sign-in from the Windows Credential Manager.",
                           windowsError("CredReadW", code));
    }
    std::string blob;
    if (credential->CredentialBlobSize > 0) {
        blob.assign(reinterpret_cast<const char*>(credential->CredentialBlob), credential->CredentialBlobSize);
        SecureZeroMemory(credential->CredentialBlob, credential->CredentialBlobSize);
    }
    CredFree(credential);
    return blob;
}

void writeCredential(std::wstring target, const std::string& blob) {
    CREDENTIALW credential{};
    credential.Type = CRED_TYPE_GENERIC;
    credential.TargetName = target.data();
    credential.CredentialBlobSize = static_cast<DWORD>(blob.size());
    credential.CredentialBlob = reinterpret_cast<LPBYTE>(const_cast<char*>(blob.data()));
    credential.Persist = CRED_PERSIST_LOCAL_MACHINE;  // this user on this machine; ENTERPRISE would roam
    credential.UserName = const_cast<LPWSTR>(L"DeskAuth");
    if (!CredWriteW(&credential, 0)) {
        throw StorageError("DeskAuth could not save your sign-in in the Windows Credential Manager.",
                           windowsError("CredWriteW", GetLastError()));
    }
}

// False when the credential did not exist. Throws StorageError.
bool deleteCredential(const std::wstring& target) {
    if (CredDeleteW(target.c_str(), CRED_TYPE_GENERIC, 0)) return true;
    const DWORD code = GetLastError();
    if (code == ERROR_NOT_FOUND) return false;
    throw StorageError("DeskAuth could not remove your saved sign-in from the Windows Credential Manager.",
                       windowsError("CredDeleteW", code));
}

}  // namespace

// Holds the named mutex (and this object's own mutex) for one operation.
class CredentialManagerTokenStore::CrossProcessLock {
public:
    explicit CrossProcessLock(CredentialManagerTokenStore& store) : local_(store.mutex_), handle_(store.processMutex_) {
        // WAIT_ABANDONED: a DeskAuth process died holding it; the parts it left are checked on read.
        const DWORD result = WaitForSingleObject(static_cast<HANDLE>(handle_), INFINITE);
        if (result != WAIT_OBJECT_0 && result != WAIT_ABANDONED) {
            throw StorageError("DeskAuth could not use the Windows Credential Manager.",
                               windowsError("WaitForSingleObject", GetLastError()));
        }
    }
    ~CrossProcessLock() { ReleaseMutex(static_cast<HANDLE>(handle_)); }
    CrossProcessLock(const CrossProcessLock&) = delete;
    CrossProcessLock& operator=(const CrossProcessLock&) = delete;

private:
    std::lock_guard<std::mutex> local_;
    void* handle_;
};

CredentialManagerTokenStore::CredentialManagerTokenStore(const std::string& authority, const std::string& clientId)
    : target_(widen("DeskAuth:" + clientId + "@" + authority)),
      processMutex_(CreateMutexW(nullptr, FALSE, L"Local\\com.deskauth.Tokens")) {
    if (!processMutex_) {
        throw StorageError("DeskAuth could not use the Windows Credential Manager.",
                           windowsError("CreateMutexW", GetLastError()));
    }
}

CredentialManagerTokenStore::~CredentialManagerTokenStore() { CloseHandle(static_cast<HANDLE>(processMutex_)); }

std::wstring CredentialManagerTokenStore::partTarget(std::size_t index) const {
    return index == 0 ? target_ : target_ + L"#" + std::to_wstring(index);
}

std::optional<std::string> CredentialManagerTokenStore::unavailableReason() {
    try {
        CrossProcessLock lock(*this);
        readCredential(target_);  // ERROR_NO_SUCH_LOGON_SESSION when the session has no credential set
        return std::nullopt;
    } catch (const StorageError& e) {
        return e.details();
    }
}

std::optional<TokenSet> CredentialManagerTokenStore::load() {
    CrossProcessLock lock(*this);
    std::optional<std::string> first = readCredential(target_);
    if (!first) return std::nullopt;
    std::vector<std::string> blobs{std::move(*first)};
    std::string document;
    try {
        const std::size_t count = credentialBlobCount(blobs.front());
        for (std::size_t i = 1; i < count; ++i) {
            std::optional<std::string> part = readCredential(partTarget(i));
            if (!part) break;  // joinCredentialBlobs reports the missing part
            blobs.push_back(std::move(*part));
        }
        document = joinCredentialBlobs(blobs);
        for (auto& blob : blobs) wipe(blob);
        TokenSet tokens = decodeTokenSet(document);
        wipe(document);
        return tokens;
    } catch (const CorruptTokenEntry& e) {
        for (auto& blob : blobs) wipe(blob);
        wipe(document);
        discardCorruptEntry(e, "the Credential Manager", [this] { removeParts(0); }, credentialManagerTokenStoreLog());
        throw;
    }
}

void CredentialManagerTokenStore::save(const TokenSet& tokens) {
    CrossProcessLock lock(*this);
    std::string document = encodeTokenSet(tokens);
    std::vector<std::string> blobs = splitIntoCredentialBlobs(document);
    wipe(document);
    for (std::size_t i = 0; i < blobs.size(); ++i) {
        writeCredential(partTarget(i), blobs[i]);
        wipe(blobs[i]);
    }
    removeParts(blobs.size());  // parts left over from a longer previous value
}

void CredentialManagerTokenStore::clear() {
    CrossProcessLock lock(*this);
    removeParts(0);
}

void CredentialManagerTokenStore::removeParts(std::size_t from) {
    // Parts are numbered without gaps, so the first missing one ends the set (part 0 may be gone
    // while later ones remain after a crash, hence the explicit check for index 0).
    if (from == 0) {
        deleteCredential(target_);
        from = 1;
    }
    for (std::size_t i = from; i <= kMaxCredentialBlobs && deleteCredential(partTarget(i)); ++i) {
    }
}

}  // namespace deskauth

#endif  // _WIN32
