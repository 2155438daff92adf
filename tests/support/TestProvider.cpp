#include "support/TestProvider.h"

#include "support/AuthServerProcess.h"
#include "support/GlewlwydBrowser.h"
#include "support/GlewlwydProcess.h"
#include "support/TestPaths.h"

#include <cstdlib>
#include <stdexcept>

namespace deskauth::test {

namespace {

Configuration desktopConfiguration(const std::string& issuer, int firstPort, int lastPort) {
    return Configuration::parse(desktopConfigJson(issuer, "https://127.0.0.1:1/api", firstPort, lastPort), "test.json",
                                sourceDir());
}

// tools/authserver: oidc-provider with our own login and consent forms.
class OidcProviderDevServer final : public TestProvider {
public:
    OidcProviderDevServer(int firstPort, int lastPort) : firstPort_(firstPort), lastPort_(lastPort) {}
    std::string name() const override { return "oidc-provider"; }
    std::string issuer() const override { return server_.issuer(); }
    Configuration configuration() const override { return desktopConfiguration(issuer(), firstPort_, lastPort_); }
    BrowserResult signIn(const std::string& url, const std::string& login, const std::string& password) override {
        return TestBrowser().signIn(url, login, password);
    }
    bool approveDevice(const DeviceSignInPrompt& prompt, const std::string& login, const std::string& password) override {
        const HttpResponse page = TestBrowser().approveDevice(prompt.verificationUri, prompt.userCode, login, password);
        return page.body.find("data-page=\"device-done\"") != std::string::npos;
    }

private:
    AuthServerProcess server_;
    int firstPort_;
    int lastPort_;
};

// Debian's Glewlwyd 2.7.5: issuer with a path, public client "desktop", revocation only with the
// access token as Bearer (it answers 401 to a public client's RFC 7009 request otherwise).
class Glewlwyd final : public TestProvider {
public:
    Glewlwyd(int firstPort, int lastPort) : server_(firstPort, lastPort), firstPort_(firstPort), lastPort_(lastPort) {}
    std::string name() const override { return "glewlwyd"; }
    std::string issuer() const override { return server_.issuer(); }
    Configuration configuration() const override {
        Configuration config = desktopConfiguration(issuer(), firstPort_, lastPort_);
        config.oauth.clientId = "desktop";
        config.oauth.revocationAuth = RevocationAuth::Bearer;
        return config;
    }
    BrowserResult signIn(const std::string& url, const std::string& login, const std::string& password) override {
        return GlewlwydBrowser().signIn(url, login, password);
    }
    bool approveDevice(const DeviceSignInPrompt& prompt, const std::string& login, const std::string& password) override {
        // The code typed on the verification page: Glewlwyd's page opens <verification_uri>?code=<code>.
        const HttpResponse page = GlewlwydBrowser().approveDevice(prompt.verificationUri + "?code=" + prompt.userCode,
                                                                  login, password);
        return page.status == 302 && page.header("Location").find("prompt=deviceComplete") != std::string::npos;
    }

private:
    GlewlwydProcess server_;
    int firstPort_;
    int lastPort_;
};

}  // namespace

std::unique_ptr<TestProvider> startTestProvider(int firstPort, int lastPort) {
    const char* chosen = std::getenv("DESKAUTH_TEST_PROVIDER");
    const std::string name = chosen ? chosen : "";
    if (name == "oidc-provider") return std::make_unique<OidcProviderDevServer>(firstPort, lastPort);
    if (name == "glewlwyd") return std::make_unique<Glewlwyd>(firstPort, lastPort);
    throw std::runtime_error("DESKAUTH_TEST_PROVIDER must be \"oidc-provider\" or \"glewlwyd\" (got \"" + name +
                             "\"); tests/CMakeLists.txt registers the suite once for each");
}

}  // namespace deskauth::test
