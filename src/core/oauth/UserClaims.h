#pragma once
// What the app shows of the user from OpenID Connect claims: the display name rule shared by the
// ID token and the userinfo answer, and the userinfo answer's own check.
// Threads: pure functions, safe from any thread.
#include <Poco/JSON/Object.h>

#include <string>

namespace deskauth {

// "name", else "given_name family_name", else "preferred_username", else "email"; "" when none.
std::string displayName(const Poco::JSON::Object& claims);

// The account the user signs in with, for the next sign-in's login_hint (OIDC Core §3.1.2.1):
// "preferred_username", else "email"; "" when none.
std::string accountName(const Poco::JSON::Object& claims);

// The display name from a userinfo answer for the user the ID token named `idTokenSubject`.
// OIDC Core §5.3.2: the answer's "sub" must equal the ID token's exactly, else none of its values
// may be used: throws ProtocolError("userinfo_subject_mismatch") (a token substitution or a
// server mixing up its users).
std::string userinfoDisplayName(const Poco::JSON::Object& userinfo, const std::string& idTokenSubject);

}  // namespace deskauth
