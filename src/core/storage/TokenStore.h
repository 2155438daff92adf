#pragma once
// Where a session's tokens live between runs. Implementations: SecretServiceTokenStore (Linux,
// libsecret), Keychain (macOS), Windows Credential Manager, and MemoryTokenStore. Tokens are
// never written in plain text anywhere. Implementations are thread-safe.
#include "tokens/TokenSet.h"

#include <optional>
#include <string>

namespace deskauth {

class TokenStore {
public:
    virtual ~TokenStore() = default;
    // nullopt when nothing is stored. A corrupt entry (CorruptTokenEntry) is removed, logged and
    // thrown, so that the caller can tell the user once; the next load finds nothing. Throws
    // StorageError when the store cannot be read.
    virtual std::optional<TokenSet> load() = 0;
    // Throws StorageError when the store cannot be written.
    virtual void save(const TokenSet& tokens) = 0;
    virtual void clear() = 0;
    // False when tokens will not survive a restart (memory only).
    virtual bool persistent() const = 0;
    virtual std::string name() const = 0;
};

}  // namespace deskauth
