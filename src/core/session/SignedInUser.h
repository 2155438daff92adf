#pragma once
// Who is signed in, as the app shows it.
// Threads: a plain value; Session hands out copies, which any thread may read.
#include <optional>
#include <string>

namespace deskauth {

struct SignedInUser {
    std::string subject;
    std::string name;
    std::string email;
    // How the user signs in at the provider (preferred_username, else email): remembered as the
    // next sign-in's login_hint (storage/RememberedAccount).
    std::string accountName;
};

// The user named by an ID token that was validated when it was received and comes back from the
// secret store; only read for the display name (it may have expired since). nullopt when empty
// or unreadable. Pure.
std::optional<SignedInUser> userFromStoredIdToken(const std::string& idToken);

}  // namespace deskauth
