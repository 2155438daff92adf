#pragma once
// The user name of the last sign-in (the ID token's preferred_username, else its email), sent as
// login_hint on the next one (OIDC Core §3.1.2.1) so the provider's page starts with it. Not a
// secret (the provider's page shows it to anyone at the screen) and never a token: it is kept in
// a file of its own, owner-only (POSIX: mode 0600; Windows: the ACL it inherits from the user's
// %LOCALAPPDATA%), apart from the tokens and the secret store, so that it survives
// Sign Out (it is what "Switch Account…" forgets). The app names the file
// (app/shell/UserFolders: $XDG_STATE_HOME/deskauth/account, on Windows
// %LOCALAPPDATA%\DeskAuth\account); an empty path keeps it in memory only.
// Threads: thread-safe (one mutex); every call may touch the file: off the UI thread.
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

namespace deskauth {

class RememberedAccount {
public:
    explicit RememberedAccount(std::filesystem::path file = {});

    // "" when none is remembered (or the file cannot be read: the hint is only a convenience).
    std::string name();
    // Keeps `name` (one line; a name with a line break or longer than kMaxLength is not kept).
    // A failure to write is logged and otherwise ignored.
    void remember(const std::string& name);
    void forget();

    static constexpr std::size_t kMaxLength = 256;

private:
    std::optional<std::string> readLocked() const;

    const std::filesystem::path file_;
    std::mutex mutex_;
    std::optional<std::string> cached_;  // what the file holds, once read or written
};

}  // namespace deskauth
