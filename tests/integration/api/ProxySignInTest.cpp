// Proxy and corporate TLS: the whole sign-in and an API call through a real CONNECT proxy
// (tests/support/connect-proxy.mjs), with the real development authorization server and the real
// deskauth-api, both on loopback, reached through the proxy because noProxy says "<-loopback>".
// The proxy's own record proves where the traffic went: the app's tunnels to the authority and
// the API, and the API's own tunnels to the authority (discovery, JWKS).
#include "ApiProcess.h"

#include "config/Configuration.h"
#include "http/ApiClient.h"
#include "http/ConfiguredTransport.h"
#include "http/HttpClient.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "storage/ProxyLogin.h"
#include "support/AuthServerProcess.h"
#include "support/ConnectProxyProcess.h"
#include "support/LoginHelpers.h"
#include "support/ScriptedBrowser.h"
#include "support/TestPaths.h"

#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <fstream>
#include <future>
#include <regex>

using namespace deskauth;
using namespace deskauth::test;

namespace {

std::string hostPort(const std::string& url) {
    const Poco::URI uri(url);
    return uri.getHost() + ":" + std::to_string(uri.getPort());
}

std::string contentOf(const std::string& path) {
    std::ifstream in(path);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The API's test settings for `issuer`, with a `proxy` section and the dev CA trusted through its
// folder (tls.extraCaDir) instead of the file.
std::string apiConfigThroughProxy(const std::string& issuer, const std::string& proxyUrl) {
    const std::string json =
        std::regex_replace(contentOf(temporaryApiConfig(issuer)), std::regex(R"("tls": \{"extraCaFile": "[^"]*"\})"),
                           R"("tls": {"extraCaDir": ")" + devCertsDir() + R"("},
  "proxy": {"url": ")" + proxyUrl + R"(", "noProxy": "<-loopback>"})");
    return temporaryFile(json);
}

std::exception_ptr signIn(Authenticator& auth, ScriptedBrowser& browser) {
    auto result = runLogin(auth, browser);
    if (!result) {
        ADD_FAILURE() << "the sign-in did not complete";
        auth.cancelLogin();
        browser.join();
        return nullptr;
    }
    return *result;
}

}  // namespace

TEST(ProxySignIn, SignInAndApiCallsGoThroughTheConfiguredProxy) {
    AuthServerProcess authServer;
    ConnectProxyProcess proxy;
    const std::string apiConfig = apiConfigThroughProxy(authServer.issuer(), proxy.url());
    ASSERT_NE(contentOf(apiConfig).find(R"("extraCaDir")"), std::string::npos) << contentOf(apiConfig);
    ApiProcess api({"--config", apiConfig, "--port", "0"}, false);

    std::string json = desktopConfigJson(authServer.issuer(), api.baseUrl() + "/api", 18261, 18263);
    json.insert(json.rfind('}'), R"(, "proxy": {"url": ")" + proxy.url() + R"(", "noProxy": "<-loopback>"})");
    const Configuration config = Configuration::parse(json, "proxied.json", sourceDir());
    PocoHttpTransport transport(transportSettings(config, proxyLoginPair));
    MemoryTokenStore store;
    ScriptedBrowser browser;  // the browser itself goes to the server directly, as a real one may
    Authenticator auth(config, transport, store, browser);

    const std::string authority = hostPort(authServer.issuer());
    ASSERT_EQ(signIn(auth, browser), nullptr);
    EXPECT_TRUE(auth.isSignedIn());
    const int appTunnelsToAuthority = proxy.connectsTo(authority);
    EXPECT_GE(appTunnelsToAuthority, 1) << "discovery, token exchange and JWKS went through the proxy";
    EXPECT_EQ(proxy.connectsTo(hostPort(api.baseUrl())), 0);

    HttpClient http(transport, auth);
    ApiClient client(http, config.api.baseUrl);
    const auto companies = client.companies();
    EXPECT_FALSE(companies.empty()) << "alice sees the companies of her regions";
    EXPECT_GE(proxy.connectsTo(hostPort(api.baseUrl())), 1) << "the API call went through the proxy";
    // The app only talked to the API since the sign-in: new tunnels to the authority are the API's
    // own (discovery and JWKS to validate alice's access token), so the API honours proxy.url too.
    EXPECT_GT(proxy.connectsTo(authority), appTunnelsToAuthority);
}

TEST(ProxySignIn, AProxyThatIsDownIsNamedInTheError) {
    AuthServerProcess authServer;
    std::string json = desktopConfigJson(authServer.issuer());
    json.insert(json.rfind('}'), R"(, "proxy": {"url": "http://127.0.0.1:1", "noProxy": "<-loopback>"})");
    const Configuration config = Configuration::parse(json, "proxied.json", sourceDir());
    PocoHttpTransport transport(transportSettings(config, proxyLoginPair));
    try {
        transport.send({"GET", authServer.issuer() + "/.well-known/openid-configuration", {}, "", ""});
        FAIL() << "a request through a dead proxy succeeded";
    } catch (const NetworkError& e) {
        EXPECT_EQ(e.failure(), NetworkFailure::Proxy);
        EXPECT_NE(e.userMessage().find("The proxy 127.0.0.1:1 (proxy.url) is not reachable"), std::string::npos)
            << e.userMessage();
    }
}
