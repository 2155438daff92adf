// The claims cache: keyed by SHA-256, kept until exp, bounded.
#include "ClaimsCache.h"

#include <gtest/gtest.h>

#include <thread>

using namespace deskauth::api;
using namespace std::chrono;

namespace {

class ClaimsCacheTest : public ::testing::Test {
protected:
    system_clock::time_point now = system_clock::now();
    ClaimsCache cache{3, [this] { return now; }};

    AccessClaims claims(const std::string& sub, seconds lifetime) const {
        AccessClaims c;
        c.subject = sub;
        c.expiresAt = now + lifetime;
        return c;
    }
};

std::string hex(const std::string& bytes) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    for (unsigned char b : bytes) {
        out += digits[b >> 4];
        out += digits[b & 15];
    }
    return out;
}

}  // namespace

TEST_F(ClaimsCacheTest, AnswersUntilTheTokenExpiresAndNotAfter) {
    cache.store("token-a", claims("alice", seconds(60)));
    now += seconds(59);
    ASSERT_TRUE(cache.find("token-a"));
    EXPECT_EQ(cache.find("token-a")->subject, "alice");
    now += seconds(1);
    EXPECT_FALSE(cache.find("token-a")) << "an entry never outlives the token's exp";
}

TEST_F(ClaimsCacheTest, KeepsDifferentTokensApart) {
    cache.store("token-a", claims("alice", seconds(60)));
    cache.store("token-b", claims("bob", seconds(60)));
    EXPECT_EQ(cache.find("token-a")->subject, "alice");
    EXPECT_EQ(cache.find("token-b")->subject, "bob");
    EXPECT_FALSE(cache.find("token-c"));
    EXPECT_FALSE(cache.find("token-a ")) << "exact token only";
}

TEST_F(ClaimsCacheTest, DoesNotStoreClaimsWithoutOrPastTheirExpiry) {
    AccessClaims noExpiry;
    noExpiry.subject = "x";
    cache.store("token-a", noExpiry);
    cache.store("token-b", claims("bob", seconds(-1)));
    EXPECT_EQ(cache.size(), 0u);
}

TEST_F(ClaimsCacheTest, IsKeyedBySha256SoItHoldsNoUsableToken) {
    EXPECT_EQ(hex(ClaimsCache::keyOf("abc")), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(ClaimsCache::keyOf("eyJ.a.b").size(), 32u);
}

TEST_F(ClaimsCacheTest, WhenFullDropsExpiredEntriesFirstThenTheSoonestToExpire) {
    cache.store("short", claims("short", seconds(10)));
    cache.store("long-1", claims("long-1", seconds(600)));
    cache.store("long-2", claims("long-2", seconds(900)));
    cache.store("new-1", claims("new-1", seconds(300)));  // full: "short" (soonest) goes
    EXPECT_EQ(cache.size(), 3u);
    EXPECT_FALSE(cache.find("short"));
    now += seconds(700);                                   // long-1 and new-1 are expired now
    cache.store("new-2", claims("new-2", seconds(60)));
    EXPECT_EQ(cache.size(), 2u);
    EXPECT_TRUE(cache.find("long-2"));
    EXPECT_TRUE(cache.find("new-2"));
}

TEST(ClaimsCacheConcurrency, ManyThreadsReadAndWriteSafely) {
    ClaimsCache cache(100);
    std::vector<std::thread> threads;
    std::atomic<int> found{0};
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&cache, &found, t] {
            for (int i = 0; i < 500; ++i) {
                const std::string token = "token-" + std::to_string((t * 500 + i) % 150);
                if (cache.find(token)) {
                    ++found;
                } else {
                    AccessClaims c;
                    c.subject = token;
                    c.expiresAt = system_clock::now() + seconds(60);
                    cache.store(token, c);
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_LE(cache.size(), 100u);
    EXPECT_GT(found, 0);
}
