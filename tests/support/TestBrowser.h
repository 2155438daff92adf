#pragma once
// Plays the user's browser over HTTP against the development authorization server: follows
// redirects with a cookie jar, fills in the login form (login/password) and answers the consent
// form, and finally requests the redirect URI like a browser would, so that the response reaches
// the real loopback listener.
#include "http/HttpTransport.h"

#include <map>
#include <memory>
#include <string>

namespace deskauth::test {

struct BrowserResult {
    std::string redirectUrl;  // where the server sent the browser back to (the app's redirect URI)
    HttpResponse page;        // what the loopback listener answered (or the last page seen)
};

class TestBrowser {
public:
    TestBrowser();

    // decision: "approve" or "deny". deliver=false stops at the redirect without requesting it.
    BrowserResult signIn(const std::string& authorizationUrl, const std::string& login, const std::string& password,
                         const std::string& decision = "approve", bool deliver = true);

    // The user's side of the device authorization grant (RFC 8628 §3.3): opens the verification
    // URI, types the user code, confirms the device, signs in and answers the consent form with
    // `decision`. Returns the last page the server showed.
    HttpResponse approveDevice(const std::string& verificationUri, const std::string& userCode, const std::string& login,
                               const std::string& password, const std::string& decision = "approve");

    // The user's side of OIDC RP-Initiated Logout: opens the end-session URL, confirms the logout
    // (posts the confirmation form, or the self-submitting one the server sends without a
    // session) and returns where the server sent the browser afterwards ("" when it stayed).
    std::string signOut(const std::string& endSessionUrl);

    // A plain GET through the browser (e.g. replaying a callback URL).
    HttpResponse get(const std::string& url);
    // Any request through the browser: its cookies go along, the answer's cookies are kept (what a
    // provider's JavaScript login page sends, support/GlewlwydBrowser).
    HttpResponse send(HttpRequest request);

private:
    // Follows redirects and answers login and consent forms from the request `method url form`.
    BrowserResult follow(std::string url, std::string method, std::string form, const std::string& login,
                         const std::string& password, const std::string& decision, bool deliver);
    HttpResponse send(const std::string& method, const std::string& url, const std::string& form = {});
    void remember(const HttpResponse& response);

    std::unique_ptr<HttpTransport> transport_;
    std::map<std::string, std::string> cookies_;
};

}  // namespace deskauth::test
