#include "support/TestProvider.h"

#include "support/AuthServerProcess.h"
#include "support/GlewlwydBrowser.h"
#include "support/GlewlwydProcess.h"
#include "support/TestPaths.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
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

// The desktop.json settings docs/configuration.md gives for Glewlwyd (the JSON block after its
// "glewlwyd-desktop-json" marker), with `issuer` as the authority: the suite runs with what the
// documentation tells an admin. The documented authority must have the issuer's form (its path).
Configuration documentedGlewlwydConfiguration(const std::string& issuer, int firstPort, int lastPort) {
    std::ifstream file(sourceDir() + "/docs/configuration.md");
    std::stringstream text;
    text << file.rdbuf();
    const std::string doc = text.str();
    const auto marker = doc.find("<!-- glewlwyd-desktop-json");
    const auto open = doc.find("```json\n", marker);
    const auto close = doc.find("```", open + 8);
    if (marker == std::string::npos || open == std::string::npos || close == std::string::npos) {
        throw std::runtime_error("docs/configuration.md has no JSON block after its glewlwyd-desktop-json marker");
    }
    const auto documented =
        Poco::JSON::Parser().parse(doc.substr(open + 8, close - open - 8)).extract<Poco::JSON::Object::Ptr>()->getObject("oauth");
    const std::string documentedAuthority = documented->getValue<std::string>("authority");
    if (Poco::URI(documentedAuthority).getPath() != Poco::URI(issuer).getPath()) {
        throw std::runtime_error("docs/configuration.md gives the Glewlwyd authority " + documentedAuthority +
                                 ", but Glewlwyd's issuer here is " + issuer);
    }
    auto config = Poco::JSON::Parser()
                      .parse(desktopConfigJson(issuer, "https://127.0.0.1:1/api", firstPort, lastPort))
                      .extract<Poco::JSON::Object::Ptr>();
    auto oauth = config->getObject("oauth");
    for (const auto& [name, value] : *documented) {
        if (name != "authority") oauth->set(name, value);
    }
    std::ostringstream merged;
    config->stringify(merged);
    return Configuration::parse(merged.str(), "docs/configuration.md (Glewlwyd)", sourceDir());
}

// Debian's Glewlwyd 2.7.5: issuer with a path, public client "desktop", revocation only with the
// access token as Bearer (it answers 401 to a public client's RFC 7009 request otherwise); the
// settings are the documented ones.
class Glewlwyd final : public TestProvider {
public:
    Glewlwyd(int firstPort, int lastPort) : server_(firstPort, lastPort), firstPort_(firstPort), lastPort_(lastPort) {}
    std::string name() const override { return "glewlwyd"; }
    std::string issuer() const override { return server_.issuer(); }
    Configuration configuration() const override {
        return documentedGlewlwydConfiguration(issuer(), firstPort_, lastPort_);
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
