// What Glewlwyd does differently that DeskAuth must answer clearly, against the real Glewlwyd
// (tests/support/TestProvider.h, DESKAUTH_TEST_PROVIDER=glewlwyd; tests/CMakeLists.txt registers it
// as provider-quirks.glewlwyd): issue 19 item 8, `max_age`. Glewlwyd puts `auth_time` 0 in its ID
// tokens, so with oauth.maxAgeSeconds the sign-in must be refused (OpenID Connect Core §3.1.2.1,
// §3.1.3.7 item 13) with an error that says so, and nothing may be stored. Loopback ports
// 18277-18279.
#include "config/Configuration.h"
#include "errors/Errors.h"
#include "http/PocoHttpTransport.h"
#include "session/Authenticator.h"
#include "storage/MemoryTokenStore.h"
#include "support/LoginHelpers.h"
#include "support/QueryParameter.h"
#include "support/ScriptedBrowser.h"
#include "support/TestProvider.h"

#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <iostream>

using namespace deskauth;
using namespace deskauth::test;

TEST(GlewlwydMaxAge, AnAuthTimeOfZeroIsRefusedWithAClearErrorAndNothingIsStored) {
    const auto provider = startTestProvider(18277, 18279);
    ASSERT_EQ(provider->name(), "glewlwyd");
    Configuration config = provider->configuration();
    config.oauth.authorization.maxAgeSeconds = 3600;
    PocoHttpTransport transport{TransportSettings{config.tls.extraCaFile}};
    MemoryTokenStore store;
    ScriptedBrowser browser;
    std::vector<std::string> opened;
    browser.signInWith = [&](const std::string& url) {
        opened.push_back(url);
        return provider->signIn(url, "alice", "Alice-Pass-1");
    };
    Authenticator auth(config, transport, store, browser);
    const auto outcome = runLogin(auth, browser);
    ASSERT_TRUE(outcome) << "the login did not complete";
    ASSERT_EQ(opened.size(), 1u);
    EXPECT_EQ(queryParameter(opened[0], "max_age"), "3600");
    ASSERT_NE(*outcome, nullptr) << "an ID token with auth_time 0 was accepted although max_age was asked";
    try {
        std::rethrow_exception(*outcome);
    } catch (const StaleAuthenticationError& e) {
        EXPECT_EQ(e.code(), "invalid_id_token");
        EXPECT_NE(e.userMessage().find("oauth.maxAgeSeconds"), std::string::npos) << e.userMessage();
        EXPECT_NE(e.details().find("auth_time is older than the max_age of 3600 s"), std::string::npos) << e.details();
        EXPECT_FALSE(e.id().empty());
        std::cout << "shown: " << e.userMessage() << " (" << e.id() << ")\n";
    }
    EXPECT_FALSE(auth.isSignedIn());
    EXPECT_FALSE(store.load()) << "a refused sign-in stores no tokens";
}
