#pragma once
// Plays the user's browser against Glewlwyd. Glewlwyd's login page (/login.html) is a JavaScript
// app; this sends what that app sends for the user's clicks, over the real HTTPS API, with the
// browser's cookies: the password (POST /api/auth/), the ticked consent boxes (PUT
// /api/auth/grant/<client_id> with the scopes, space-separated; the boxes start unticked), then
// "Continue" (the callback URL with g_continue). Everything else is Glewlwyd's own redirects.
#include "support/TestBrowser.h"

#include <string>

namespace deskauth::test {

class GlewlwydBrowser {
public:
    // The whole browser sign-in: from the authorization URL to the app's redirect URI (requested
    // when `deliver`, so that the answer reaches the loopback listener). `tickAll`: the user ticks
    // every consent box; false: none (Glewlwyd then leaves out what was not granted).
    BrowserResult signIn(const std::string& authorizationUrl, const std::string& login, const std::string& password,
                         bool tickAll = true, bool deliver = true);

    // The user's side of the device authorization grant (RFC 8628 §3.3) on Glewlwyd: opens
    // verification_uri_complete, signs in, ticks the boxes and continues. Returns the last page:
    // Glewlwyd ends on login.html with prompt=deviceComplete in its URL (returned as the page's
    // "Location") when the device was approved.
    HttpResponse approveDevice(const std::string& verificationUriComplete, const std::string& login,
                               const std::string& password);

private:
    // Follows Glewlwyd's redirects from `url`; on its login page signs in, grants and continues.
    // Stops at the first redirect that leaves the server, or at a page it does not expect.
    BrowserResult follow(std::string url, const std::string& login, const std::string& password, bool tickAll,
                         bool deliver);
    // The login page's clicks for one visit: password, consent boxes. False when a step was refused.
    bool signInOnLoginPage(const std::string& base, const std::string& clientId, const std::string& scope,
                           const std::string& login, const std::string& password, bool tickAll, HttpResponse& refused);

    TestBrowser browser_;
    bool signedIn_ = false;
};

}  // namespace deskauth::test
