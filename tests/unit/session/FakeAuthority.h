#pragma once
// An authorization server answered in-process for the session tests: discovery, JWKS, the token
// endpoint (code, refresh and device code grants), device authorization, revocation and an
// end_session_endpoint (only advertised). Each
// grant is answered by a function the test sets; ID tokens are signed with a test key.
// Thread-safe as long as the test sets its handlers before starting threads.
#include "config/Configuration.h"
#include "http/HttpTransport.h"
#include "support/FakeTransport.h"

#include <atomic>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace deskauth::test {

class FakeAuthority {
public:
    static constexpr const char* issuer = "https://login.example.com";
    static constexpr const char* clientId = "deskauth-desktop";

    using Grant = std::function<HttpResponse(const std::map<std::string, std::string>& form)>;
    Grant onCode, onRefresh, onDeviceCode, onDeviceAuthorization;
    Grant onRevoke;  // unset: 200
    // More members of the discovery document (",\"name\":value..."), set before the first request.
    std::string discoveryExtra;
    std::atomic<int> codeGrants{0}, refreshGrants{0}, deviceCodeGrants{0}, revocations{0};

    FakeTransport transport{[this](const HttpRequest& request) { return handle(request); }};

    // A configuration for this authority; `redirectMode` "loopback" or "private-uri".
    static Configuration config(const std::string& redirectMode = "private-uri");
    // A signed ID token for `subject` with `nonce` (none when nullopt) and string `claims`.
    static std::string idToken(const std::string& subject, const std::optional<std::string>& nonce,
                               const std::map<std::string, std::string>& claims = {});
    // A token response with these values (an empty one is left out).
    static HttpResponse tokens(const std::string& access, const std::string& refresh, const std::string& idToken = {});
    // The query parameters of an authorization URL.
    static std::map<std::string, std::string> queryOf(const std::string& url);

private:
    HttpResponse handle(const HttpRequest& request);
};

}  // namespace deskauth::test
