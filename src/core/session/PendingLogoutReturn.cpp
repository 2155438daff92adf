#include "session/PendingLogoutReturn.h"

#include "errors/Errors.h"
#include "oauth/SecureRandom.h"

namespace deskauth::session {

std::string PendingLogoutReturn::expect() {
    std::string state = randomUrlSafeString();
    std::lock_guard lock(mutex_);
    expected_ = state;
    return state;
}

void PendingLogoutReturn::accept(const std::optional<std::string>& state) {
    if (!state || state->empty()) throw StrayResponse("unknown_logout_state", "logout return without state");
    std::lock_guard lock(mutex_);
    if (expected_.empty() || *state != expected_) {
        throw StrayResponse("unknown_logout_state", "logout return with a state of no logout started here");
    }
    expected_.clear();  // once
}

}  // namespace deskauth::session
