#pragma once
// The private-use URI scheme redirect URIs of RFC 8252 §7.1 ("<scheme>:<path>", e.g.
// com.deskauth.desktop:/callback), built in one place.
// Threads: pure functions; any thread.
#include "config/Configuration.h"

#include <string>

namespace deskauth {

// "<scheme>:<path>".
std::string privateSchemeUri(const std::string& scheme, const std::string& path);
// Where the authorization server sends the browser back after a login / a logout.
std::string privateRedirectUri(const Configuration::Redirect& redirect);
std::string privateLogoutRedirectUri(const Configuration::Redirect& redirect);

}  // namespace deskauth
