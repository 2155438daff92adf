#pragma once
// The folder for this user's sockets and lock files (Unix): $XDG_RUNTIME_DIR, which the system
// makes owner-only, or else /tmp/deskauth-<uid>, created 0700. A /tmp folder that another user
// made first (to watch or swap our files), that is a symbolic link, or that others can enter is
// refused rather than used.
// Threads: blocking file-system calls; any thread (creating the folder twice at once is harmless).
#include <string>

namespace deskauth {

// Throws std::runtime_error naming the folder when it is not private to this user.
std::string privateRuntimeDir();

}  // namespace deskauth
