#include "oauth/LoginStateMap.h"

#include <gtest/gtest.h>

using namespace deskauth;

TEST(LoginStateMap, EachAttemptHasItsOwnStateNonceAndVerifier) {
    auto a = PendingLogin::create("http://127.0.0.1:8001/callback");
    auto b = PendingLogin::create("http://127.0.0.1:8001/callback");
    EXPECT_NE(a.state, b.state);
    EXPECT_NE(a.nonce, b.nonce);
    EXPECT_NE(a.codeVerifier, b.codeVerifier);
    EXPECT_GE(a.state.size(), 43u);
}

TEST(LoginStateMap, AResponseCompletesOnlyItsOwnAttemptAndOnlyOnce) {
    LoginStateMap map;
    auto first = PendingLogin::create("r");
    auto second = PendingLogin::create("r");
    map.add(first);
    map.add(second);
    auto taken = map.take(second.state);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->codeVerifier, second.codeVerifier);
    EXPECT_FALSE(map.take(second.state)) << "a replayed response must not be accepted";
    EXPECT_TRUE(map.contains(first.state));
    EXPECT_EQ(map.size(), 1u);
}

TEST(LoginStateMap, RefusesUnknownAndEmptyState) {
    LoginStateMap map;
    map.add(PendingLogin::create("r"));
    EXPECT_FALSE(map.take("forged"));
    EXPECT_FALSE(map.take(""));
    EXPECT_EQ(map.size(), 1u);
    map.clear();
    EXPECT_EQ(map.size(), 0u);
}
