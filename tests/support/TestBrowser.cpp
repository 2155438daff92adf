#include "support/TestBrowser.h"

#include "support/TestPaths.h"

#include "http/PocoHttpTransport.h"

#include <Poco/URI.h>

#include <regex>
#include <stdexcept>

namespace deskauth::test {

TestBrowser::TestBrowser() : transport_(std::make_unique<PocoHttpTransport>(TransportSettings{devCertsDir() + "/ca.pem"})) {}

void TestBrowser::remember(const HttpResponse& response) {
    for (const auto& cookie : response.headerValues("Set-Cookie")) {
        const std::string pair = cookie.substr(0, cookie.find(';'));
        const auto eq = pair.find('=');
        if (eq == std::string::npos) continue;
        const std::string name = pair.substr(0, eq);
        const std::string value = pair.substr(eq + 1);
        const bool expired = cookie.find("expires=Thu, 01 Jan 1970") != std::string::npos || value.empty();
        if (expired) cookies_.erase(name);
        else cookies_[name] = value;
    }
}

HttpResponse TestBrowser::send(const std::string& method, const std::string& url, const std::string& form) {
    HttpRequest request;
    request.method = method;
    request.url = url;
    if (method == "POST") {
        request.contentType = "application/x-www-form-urlencoded";
        request.body = form;
    }
    return send(std::move(request));
}

HttpResponse TestBrowser::send(HttpRequest request) {
    std::string cookieHeader;
    for (const auto& [name, value] : cookies_) cookieHeader += (cookieHeader.empty() ? "" : "; ") + name + "=" + value;
    if (!cookieHeader.empty()) request.headers.emplace_back("Cookie", cookieHeader);
    HttpResponse response = transport_->send(request);
    remember(response);
    return response;
}

HttpResponse TestBrowser::get(const std::string& url) { return send("GET", url); }

BrowserResult TestBrowser::signIn(const std::string& authorizationUrl, const std::string& login,
                                  const std::string& password, const std::string& decision, bool deliver) {
    return follow(authorizationUrl, "GET", {}, login, password, decision, deliver);
}

HttpResponse TestBrowser::approveDevice(const std::string& verificationUri, const std::string& userCode,
                                        const std::string& login, const std::string& password, const std::string& decision) {
    static const std::regex formAction(R"re(<form id="op\.device(?:Input|Confirm)Form"[^>]*action="([^"]+)")re");
    static const std::regex hiddenField(R"re(<input type="hidden" name="([^"]+)" value="([^"]*)"/>)re");
    const auto hiddenFields = [](const std::string& page) {
        HeaderList fields;
        for (auto it = std::sregex_iterator(page.begin(), page.end(), hiddenField); it != std::sregex_iterator(); ++it) {
            fields.emplace_back((*it)[1].str(), (*it)[2].str());
        }
        return fields;
    };
    // the code entry page
    HttpResponse page = get(verificationUri);
    std::smatch match;
    if (page.status != 200 || !std::regex_search(page.body, match, formAction)) {
        throw std::runtime_error("no user code form at the verification URI (HTTP " + std::to_string(page.status) + ")");
    }
    const std::string action = Poco::URI(Poco::URI(verificationUri), match[1].str()).toString();
    HeaderList fields = hiddenFields(page.body);
    fields.emplace_back("user_code", userCode);
    // the "is this your device?" page
    page = send("POST", action, formUrlEncode(fields));
    if (page.status != 200 || page.body.find("op.deviceConfirmForm") == std::string::npos) {
        return page;  // e.g. the code was refused: the caller looks at the page
    }
    return follow(action, "POST", formUrlEncode(hiddenFields(page.body)), login, password, decision, false).page;
}

std::string TestBrowser::signOut(const std::string& endSessionUrl) {
    // the confirmation form (id="op.logoutForm"), or the self-submitting one without a session
    static const std::regex formAction(R"re(<form[^>]*action="([^"]*/session/end/confirm)")re");
    static const std::regex hiddenField(R"re(<input type="hidden" name="([^"]+)" value="([^"]*)"\s*/?>)re");
    HttpResponse page = get(endSessionUrl);
    std::smatch match;
    if (page.status != 200 || !std::regex_search(page.body, match, formAction)) {
        throw std::runtime_error("no logout form at the end-session URL (HTTP " + std::to_string(page.status) + ")");
    }
    const std::string action = Poco::URI(Poco::URI(endSessionUrl), match[1].str()).toString();
    HeaderList fields;
    bool confirmed = false;
    for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), hiddenField); it != std::sregex_iterator(); ++it) {
        fields.emplace_back((*it)[1].str(), (*it)[2].str());
        confirmed = confirmed || (*it)[1].str() == "logout";
    }
    if (!confirmed) fields.emplace_back("logout", "yes");  // the "Sign out" button
    HttpResponse answer = send("POST", action, formUrlEncode(fields));
    if (answer.status < 300 || answer.status >= 400) return {};
    return Poco::URI(Poco::URI(action), answer.header("Location")).toString();
}

BrowserResult TestBrowser::follow(std::string url, std::string method, std::string form, const std::string& login,
                                  const std::string& password, const std::string& decision, bool deliver) {
    const std::string authority = Poco::URI(url).getScheme() + "://" + Poco::URI(url).getAuthority();
    static const std::regex loginAction(R"re(action="([^"]*/login)")re");
    static const std::regex confirmAction(R"re(action="([^"]*/confirm)")re");
    bool postedLogin = false;
    for (int step = 0; step < 20; ++step) {
        HttpResponse response = send(method, url, form);
        method = "GET";
        form.clear();
        if (response.status >= 300 && response.status < 400) {
            std::string next = Poco::URI(Poco::URI(url), response.header("Location")).toString();
            if (next.rfind(authority, 0) != 0) {
                BrowserResult result;
                result.redirectUrl = next;
                if (deliver) result.page = get(next);
                return result;
            }
            url = next;
            continue;
        }
        std::smatch match;
        if (response.status == 200 && !postedLogin && std::regex_search(response.body, match, loginAction)) {
            postedLogin = true;
            url = Poco::URI(Poco::URI(url), match[1].str()).toString();
            method = "POST";
            form = formUrlEncode({{"login", login}, {"password", password}});
        } else if (response.status == 200 && std::regex_search(response.body, match, confirmAction)) {
            url = Poco::URI(Poco::URI(url), match[1].str()).toString();
            method = "POST";
            form = formUrlEncode({{"decision", decision}});
        } else {
            return {"", response};  // an error page or a page this browser does not understand
        }
    }
    throw std::runtime_error("too many steps while signing in");
}

}  // namespace deskauth::test
