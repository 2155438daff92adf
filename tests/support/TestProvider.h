#pragma once
// The OpenID Provider a provider-independent suite runs against, chosen by the environment
// variable DESKAUTH_TEST_PROVIDER ("oidc-provider": tools/authserver; "glewlwyd": Debian's
// Glewlwyd through tools/glewlwyd/server). Each knows its client registration, how its login
// pages are driven and what it needs of DeskAuth's settings; the tests stay the same.
#include "config/Configuration.h"
#include "session/DeviceLogin.h"
#include "support/TestBrowser.h"

#include <memory>
#include <string>

namespace deskauth::test {

class TestProvider {
public:
    virtual ~TestProvider() = default;

    virtual std::string name() const = 0;
    virtual std::string issuer() const = 0;
    // A desktop Configuration for this provider, loopback ports firstPort..lastPort (which the
    // provider was started with), with the settings this provider needs (client id, revocation).
    virtual Configuration configuration() const = 0;
    // The user's browser sign-in from the authorization URL, every consent box ticked, the
    // answer delivered to the app's redirect URI.
    virtual BrowserResult signIn(const std::string& authorizationUrl, const std::string& login,
                                 const std::string& password) = 0;
    // The user's side of the device flow on another device; true when the provider's page says
    // the device was approved.
    virtual bool approveDevice(const DeviceSignInPrompt& prompt, const std::string& login, const std::string& password) = 0;
};

// Starts the provider DESKAUTH_TEST_PROVIDER names (throws when it is unset or unknown, or when
// the provider cannot start: a missing tool fails the suite loudly). Loopback ports
// firstPort..lastPort are the app's redirect ports.
std::unique_ptr<TestProvider> startTestProvider(int firstPort, int lastPort);

}  // namespace deskauth::test
