#include "ApiTokens.h"

#include "support/TestBrowser.h"
#include "support/TestPaths.h"

#include "http/PocoHttpTransport.h"
#include "oauth/AuthorizationRequest.h"
#include "oauth/Discovery.h"
#include "oauth/LoginStateMap.h"
#include "oauth/TokenClient.h"

#include <Poco/URI.h>

#include <stdexcept>

namespace deskauth::test {

TokenSet signInForTokens(const std::string& issuer, const TokenRequest& tokenRequest) {
    PocoHttpTransport transport(TransportSettings{devCertsDir() + "/ca.pem"});
    Discovery discovery(transport, issuer);
    const ProviderMetadata metadata = discovery.metadata();
    PendingLogin login = PendingLogin::create("http://127.0.0.1:8001/callback");
    if (tokenRequest.dpop) login.dpopKey = std::make_shared<const DpopKey>(*tokenRequest.dpop);
    AuthorizationSettings settings;
    if (!tokenRequest.resource.empty()) settings.resources = {tokenRequest.resource};
    const std::string url = buildAuthorizationUrl(metadata, "deskauth-desktop", tokenRequest.scopes, settings, login);
    TestBrowser browser;
    const BrowserResult result = browser.signIn(url, tokenRequest.user, tokenRequest.password, "approve", false);
    std::string code;
    for (const auto& [name, value] : Poco::URI(result.redirectUrl).getQueryParameters()) {
        if (name == "code") code = value;
    }
    if (code.empty()) throw std::runtime_error("sign-in of " + tokenRequest.user + " gave no code: " + result.redirectUrl);
    TokenClient client(transport, discovery, "deskauth-desktop", settings.resources);
    return client.exchangeCode(code, login.codeVerifier, login.redirectUri, tokenRequest.dpop);
}

TokenSet signInAs(const std::string& issuer, const std::string& user) {
    TokenRequest request;
    request.user = user;
    request.password = user == "alice" ? "Alice-Pass-1" : user == "bob" ? "Bob-Pass-1" : "Carol-Pass-1";
    return signInForTokens(issuer, request);
}

}  // namespace deskauth::test
