#pragma once
// What a sign-out achieved, so that the app tells the user the truth: the local session is always
// gone, but the server may not have confirmed that the grant ended (no revocation endpoint, or a
// revocation it refused, e.g. 401 for a public client), and then the refresh token lives on there.
// Threads: a plain value.
#include <string>

namespace deskauth {

struct LogoutResult {
    // The server accepted the revocation of the refresh token (RFC 7009 §2.2), or there was no
    // refresh token that could outlive the sign-out.
    bool serverConfirmed = false;
    // The end-session URL opened in the browser (oauth.logoutMode "oidc"), or "".
    std::string endSessionUrl;
};

}  // namespace deskauth
