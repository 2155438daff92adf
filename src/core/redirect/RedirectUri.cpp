#include "redirect/RedirectUri.h"

namespace deskauth {

std::string privateSchemeUri(const std::string& scheme, const std::string& path) { return scheme + ":" + path; }

std::string privateRedirectUri(const Configuration::Redirect& redirect) {
    return privateSchemeUri(redirect.privateScheme, redirect.callbackPath);
}

std::string privateLogoutRedirectUri(const Configuration::Redirect& redirect) {
    return privateSchemeUri(redirect.privateScheme, redirect.logoutCallbackPath);
}

}  // namespace deskauth
