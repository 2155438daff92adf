#include "support/GlewlwydBrowser.h"

#include "http/JsonBody.h"

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <sstream>
#include <stdexcept>

namespace deskauth::test {

namespace {

std::string queryValue(const Poco::URI& uri, const std::string& name) {
    for (const auto& [key, value] : uri.getQueryParameters()) {
        if (key == name) return value;
    }
    return {};
}

std::string jsonText(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

HttpRequest jsonRequest(const std::string& method, const std::string& url, const Poco::JSON::Object& body) {
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.contentType = "application/json";
    request.body = jsonText(body);
    return request;
}

}  // namespace

bool GlewlwydBrowser::signInOnLoginPage(const std::string& base, const std::string& clientId, const std::string& scope,
                                        const std::string& login, const std::string& password, bool tickAll,
                                        HttpResponse& refused) {
    if (!signedIn_) {  // the password form, then its button
        Poco::JSON::Object credentials;
        credentials.set("username", login);
        credentials.set("password", password);
        HttpResponse answer = browser_.send(jsonRequest("POST", base + "/api/auth/", credentials));
        if (answer.status != 200) {
            refused = answer;
            return false;
        }
        signedIn_ = true;
    }
    if (clientId.empty()) return true;  // e.g. the device flow's last page: nothing to grant
    // The consent boxes, one per requested scope, start unticked; the page saves the ticked ones.
    Poco::JSON::Object grant;
    grant.set("scope", tickAll ? scope : std::string());
    HttpResponse answer =
        browser_.send(jsonRequest("PUT", base + "/api/auth/grant/" + clientId, grant));
    if (answer.status != 200) {
        refused = answer;
        return false;
    }
    return true;
}

BrowserResult GlewlwydBrowser::follow(std::string url, const std::string& login, const std::string& password,
                                      bool tickAll, bool deliver) {
    const Poco::URI start(url);
    const std::string base = start.getScheme() + "://" + start.getAuthority();
    for (int step = 0; step < 20; ++step) {
        HttpResponse response = browser_.get(url);
        if (response.status < 300 || response.status >= 400) return {"", response};
        const std::string next = Poco::URI(Poco::URI(url), response.header("Location")).toString();
        if (next.rfind(base, 0) != 0) {  // back to the app
            BrowserResult result;
            result.redirectUrl = next;
            if (deliver) result.page = browser_.get(next);
            return result;
        }
        const Poco::URI page(next);
        if (page.getPath() != "/login.html") {
            url = next;
            continue;
        }
        const std::string callback = queryValue(page, "callback_url");
        if (callback.empty() || queryValue(page, "prompt") == "deviceComplete") {
            return {"", response};  // a page of the login app that does not go on (the caller looks at it)
        }
        HttpResponse refused;
        std::string scope = queryValue(page, "scope");  // form-encoded in the page's URL: '+' is a space
        for (char& c : scope) c = c == '+' ? ' ' : c;
        if (!signInOnLoginPage(base, queryValue(page, "client_id"), scope, login, password, tickAll,
                               refused)) {
            return {"", refused};
        }
        // "Continue": the login app sends the browser back to the callback URL with g_continue.
        url = callback + (callback.find('?') == std::string::npos ? "?g_continue" : "&g_continue");
    }
    throw std::runtime_error("too many steps while signing in at Glewlwyd");
}

BrowserResult GlewlwydBrowser::signIn(const std::string& authorizationUrl, const std::string& login,
                                      const std::string& password, bool tickAll, bool deliver) {
    return follow(authorizationUrl, login, password, tickAll, deliver);
}

HttpResponse GlewlwydBrowser::approveDevice(const std::string& verificationUriComplete, const std::string& login,
                                            const std::string& password) {
    return follow(verificationUriComplete, login, password, true, false).page;
}

}  // namespace deskauth::test
