#pragma once
// Which of the scopes the app asked for a token response did not grant. RFC 6749 §3.3: the server
// may grant fewer scopes than asked (a user may untick them at consent) and must then say so in
// the response's `scope` (§5.1); no `scope` means the scopes asked for.
// Threads: a pure function; any thread.
#include <string>
#include <vector>

namespace deskauth {

// The scopes of `requested` that `granted` (space-separated, §3.3) lacks and the app needs: all
// but the OpenID Connect ones (openid, profile, email, address, phone, offline_access; OIDC Core
// §5.4, §11), which some providers (Entra ID) leave out of the granted scope although they honour
// them, and whose absence shows elsewhere (no claims, no refresh token). Empty when `granted` is.
std::vector<std::string> missingRequiredScopes(const std::string& granted, const std::vector<std::string>& requested);

}  // namespace deskauth
