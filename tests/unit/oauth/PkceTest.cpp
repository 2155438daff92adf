#include "oauth/Pkce.h"

#include <gtest/gtest.h>

#include <regex>

using deskauth::Pkce;

TEST(Pkce, MatchesRfc7636AppendixBVector) {
    EXPECT_EQ(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
              "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
}

TEST(Pkce, GeneratesFreshHighEntropyVerifiers) {
    const Pkce a = Pkce::generate();
    const Pkce b = Pkce::generate();
    // RFC 7636 §4.1: 43..128 characters of the unreserved set; 32 random bytes give 43.
    EXPECT_TRUE(std::regex_match(a.verifier, std::regex("[A-Za-z0-9._~-]{43}"))) << a.verifier;
    EXPECT_NE(a.verifier, b.verifier);
    EXPECT_EQ(a.challenge, Pkce::challengeFor(a.verifier));
    EXPECT_STREQ(Pkce::method, "S256");
}
