#pragma once
// The state of the OIDC RP-Initiated Logout request this app sent (RP-Initiated Logout 1.0 §2
// `state`), checked when the browser comes back to post_logout_redirect_uri (§3): only a return
// carrying that state is acted on, and only once, so a forged or replayed logout return changes
// nothing. (Some providers, Glewlwyd, return to the app only when a state was sent.)
// Threads: thread-safe (a leaf mutex, never held while calling out); no call blocks.
#include <mutex>
#include <optional>
#include <string>

namespace deskauth::session {

class PendingLogoutReturn {
public:
    // A fresh random state for a new logout request; it replaces any earlier one.
    std::string expect();
    // Accepts the return of the logout request that was sent with `state` and forgets that state.
    // Throws StrayResponse("unknown_logout_state") for a missing, wrong or already used state.
    void accept(const std::optional<std::string>& state);

private:
    std::mutex mutex_;
    std::string expected_;  // "" when no logout waits for its return
};

}  // namespace deskauth::session
