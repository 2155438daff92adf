#include "oauth/GrantedScope.h"

#include <gtest/gtest.h>

using namespace deskauth;

namespace {

const std::vector<std::string> asked{"openid", "profile", "email", "offline_access", "api.read", "regions"};

}  // namespace

// RFC 6749 §3.3: consent may grant fewer scopes; the API's scopes are the ones the app needs.
TEST(GrantedScope, NamesTheAskedScopesTheGrantLacks) {
    EXPECT_EQ(missingRequiredScopes("openid profile email offline_access", asked),
              (std::vector<std::string>{"api.read", "regions"}));
    EXPECT_EQ(missingRequiredScopes("openid  regions\tprofile", asked), (std::vector<std::string>{"api.read"}));
    EXPECT_TRUE(missingRequiredScopes("openid profile email offline_access api.read regions", asked).empty());
    EXPECT_TRUE(missingRequiredScopes("regions api.read other", asked).empty()) << "extra scopes are no problem";
}

// §5.1: no scope in the answer means the scopes asked for.
TEST(GrantedScope, AnAbsentScopeMeansAllWereGranted) {
    EXPECT_TRUE(missingRequiredScopes("", asked).empty());
    EXPECT_TRUE(missingRequiredScopes("   ", asked).empty());
}

// Entra ID returns only the resource's scopes; the OpenID Connect ones show in the ID token.
TEST(GrantedScope, OpenIdConnectScopesAreNotRequiredInTheGrant) {
    EXPECT_TRUE(missingRequiredScopes("api.read regions", asked).empty());
    EXPECT_TRUE(missingRequiredScopes("api.read", {"openid", "address", "phone", "api.read"}).empty());
}
