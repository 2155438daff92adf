// In-memory JWT access token validation (RFC 9068 §4, RFC 8725) against tokens signed with test
// keys and a JWKS served by a fake issuer.
#include "FakeIssuer.h"
#include "HttpProblem.h"
#include "JwtAccessTokenValidator.h"

#include "oauth/Base64Url.h"
#include "support/JwtParts.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <gtest/gtest.h>

#include <sstream>
#include <thread>

using namespace deskauth;
using namespace deskauth::api;
using namespace deskauth::api::test;
using deskauth::test::EcTestKey;
using deskauth::test::jwtClaims;
using deskauth::test::RsaTestKey;

namespace {

const RsaTestKey& rsaKey() {
    static const RsaTestKey key = RsaTestKey::generate("rsa-1");
    return key;
}
const RsaTestKey& rotatedKey() {
    static const RsaTestKey key = RsaTestKey::generate("rsa-2");
    return key;
}
const RsaTestKey& impostorKey() {
    static const RsaTestKey key = RsaTestKey::generate("rsa-1");  // the published kid, another key
    return key;
}
const EcTestKey& ecKey() {
    static const EcTestKey key = EcTestKey::generate("ec-1");
    return key;
}

class JwtAccessTokenValidatorTest : public ::testing::Test {
protected:
    JwtAccessTokenValidatorTest() { issuer.setJwks(deskauth::test::jwksJson({rsaKey().jwk(), ecKey().jwk()})); }

    std::time_t now = std::time(nullptr);
    FakeIssuer issuer;
    Discovery discovery{issuer.transport, kIssuer};
    ApiStats stats;
    ClaimRules rules{kIssuer, kAudience, "regions", std::chrono::seconds(30), true, true};
    // Unknown kids cause at most one JWKS refetch per 30 s of the test's own clock.
    std::chrono::steady_clock::time_point clock = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    JwtAccessTokenValidator validator{issuer.transport, discovery, ClaimsChecker(rules), {"RS256", "ES256"},
                                      std::chrono::seconds(30), stats, [this] { return clock; }};

    void waitForTheRefetchInterval() { clock += std::chrono::seconds(30); }

    // The reason (HttpProblem details) a token was refused, or "(accepted)".
    std::string rejectionOf(const std::string& token) {
        try {
            validator.validate(token);
            return "(accepted)";
        } catch (const HttpProblem& problem) {
            EXPECT_EQ(problem.status(), 401);
            EXPECT_EQ(problem.code(), "invalid_token");
            return problem.details();
        }
    }
};

std::string replacePayload(const std::string& jwt, const std::function<void(Poco::JSON::Object&)>& change) {
    const auto first = jwt.find('.');
    const auto second = jwt.find('.', first + 1);
    auto payload = jwtClaims(jwt);
    change(*payload);
    std::ostringstream json;
    payload->stringify(json);
    return jwt.substr(0, first + 1) + base64url::encode(json.str()) + jwt.substr(second);
}

}  // namespace

TEST_F(JwtAccessTokenValidatorTest, AcceptsAValidRs256AccessTokenAndReadsItsClaims) {
    const AccessClaims claims = validator.validate(rsaKey().sign(accessTokenClaims(now)));
    EXPECT_EQ(claims.subject, "user-alice");
    EXPECT_EQ(claims.name, "Alice Smith");
    EXPECT_EQ(claims.regions, (std::vector<std::string>{"Europe", "USA"}));
    EXPECT_TRUE(claims.hasScope("api.read"));
    EXPECT_EQ(claims.clientId, "deskauth-desktop");
    ASSERT_TRUE(claims.expiresAt);
    EXPECT_EQ(std::chrono::system_clock::to_time_t(*claims.expiresAt), now + 300);
    EXPECT_EQ(stats.signatureChecks, 1);
}

TEST_F(JwtAccessTokenValidatorTest, AcceptsAnEs256AccessToken) {
    EXPECT_EQ(rejectionOf(ecKey().sign(accessTokenClaims(now))), "(accepted)");
}

TEST_F(JwtAccessTokenValidatorTest, FetchesDiscoveryAndJwksOnceForManyTokens) {
    for (int i = 0; i < 5; ++i) EXPECT_EQ(rejectionOf(rsaKey().sign(accessTokenClaims(now + i))), "(accepted)");
    EXPECT_EQ(issuer.discoveryRequests, 1);
    EXPECT_EQ(issuer.jwksRequests, 1);
    EXPECT_EQ(validator.jwksFetches(), 1);
}

TEST_F(JwtAccessTokenValidatorTest, RejectsAnExpiredToken) {
    auto token = accessTokenClaims(now - 3600);  // expired 55 minutes ago
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "expired");
}

TEST_F(JwtAccessTokenValidatorTest, ToleratesTheConfiguredClockSkewOnly) {
    auto token = accessTokenClaims(now);
    token.payload().set("exp", static_cast<Poco::Int64>(now - 10));
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "(accepted)");
    token.payload().set("exp", static_cast<Poco::Int64>(now - 31));
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "expired");
}

TEST_F(JwtAccessTokenValidatorTest, RejectsATokenThatIsNotValidYet) {
    auto token = accessTokenClaims(now);
    token.payload().set("nbf", static_cast<Poco::Int64>(now + 600));
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "not valid yet (nbf)");
}

TEST_F(JwtAccessTokenValidatorTest, RejectsAnotherIssuer) {
    auto token = accessTokenClaims(now);
    token.payload().set("iss", "https://evil.example.com");
    EXPECT_NE(rejectionOf(rsaKey().sign(token)).find("iss"), std::string::npos);
}

TEST_F(JwtAccessTokenValidatorTest, RejectsAnotherAudienceButAcceptsAnArrayNamingUs) {
    auto token = accessTokenClaims(now);
    token.payload().set("aud", "urn:other:api");
    EXPECT_NE(rejectionOf(rsaKey().sign(token)).find("aud"), std::string::npos);
    Poco::JSON::Array::Ptr both = new Poco::JSON::Array;
    both->add("urn:other:api");
    both->add(kAudience);
    token.payload().set("aud", both);
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "(accepted)");
}

TEST_F(JwtAccessTokenValidatorTest, RejectsAnUnsignedAlgNoneTokenWithoutAskingTheIssuer) {
    auto token = accessTokenClaims(now);
    EXPECT_NE(rejectionOf(deskauth::test::unsignedJwt(token.payload())).find("'none' is not allowed"), std::string::npos);
    EXPECT_EQ(issuer.transport.calls, 0);
}

TEST_F(JwtAccessTokenValidatorTest, RejectsHs256SignedWithThePublicKey) {
    // The key-confusion attack: HMAC keyed with the RSA public key a verifier might load.
    const std::string forged = deskauth::test::hs256Jwt(accessTokenClaims(now), rsaKey().publicKeyPem(), rsaKey().kid);
    EXPECT_NE(rejectionOf(forged).find("'HS256' is not allowed"), std::string::npos);
}

TEST_F(JwtAccessTokenValidatorTest, RejectsAnAlgorithmOutsideTheAllowList) {
    EXPECT_NE(rejectionOf(rsaKey().sign(accessTokenClaims(now), "RS384")).find("'RS384' is not allowed"),
              std::string::npos);
}

TEST_F(JwtAccessTokenValidatorTest, RejectsATamperedPayload) {
    const std::string good = rsaKey().sign(accessTokenClaims(now));
    const std::string tampered = replacePayload(good, [](Poco::JSON::Object& claims) {
        Poco::JSON::Array::Ptr all = new Poco::JSON::Array;
        all->add("Europe");
        all->add("USA");
        all->add("Asia");
        claims.set("regions", all);
    });
    EXPECT_EQ(rejectionOf(tampered), "signature does not verify");
}

TEST_F(JwtAccessTokenValidatorTest, RejectsAKeyThatIsNotTheIssuers) {
    EXPECT_EQ(rejectionOf(impostorKey().sign(accessTokenClaims(now))), "signature does not verify");
}

TEST_F(JwtAccessTokenValidatorTest, RefetchesTheJwksOnceForAnUnknownKidThenRefuses) {
    ASSERT_EQ(rejectionOf(rsaKey().sign(accessTokenClaims(now))), "(accepted)");
    waitForTheRefetchInterval();
    EXPECT_NE(rejectionOf(rotatedKey().sign(accessTokenClaims(now))).find("no signing key"), std::string::npos);
    EXPECT_EQ(issuer.jwksRequests, 2) << "one refetch for the unknown kid";
    // Within the refetch interval, more unknown kids do not hammer the issuer.
    EXPECT_NE(rejectionOf(rotatedKey().sign(accessTokenClaims(now + 1))).find("no signing key"), std::string::npos);
    EXPECT_EQ(issuer.jwksRequests, 2);
}

// Issue 21 item 2: the first download counted against the refetch limit, so a key rotated just
// after it was refused until the interval had passed.
TEST_F(JwtAccessTokenValidatorTest, AcceptsAKeyRotatedJustAfterTheFirstDownloadWithoutWaiting) {
    ASSERT_EQ(rejectionOf(rsaKey().sign(accessTokenClaims(now))), "(accepted)");
    issuer.setJwks(deskauth::test::jwksJson({rsaKey().jwk(), rotatedKey().jwk()}));
    EXPECT_EQ(rejectionOf(rotatedKey().sign(accessTokenClaims(now))), "(accepted)");  // the clock has not moved
    EXPECT_EQ(issuer.jwksRequests, 2);
    // Still limited against floods: another unknown kid within the interval is not fetched for.
    EXPECT_NE(rejectionOf(deskauth::test::RsaTestKey::generate("random").sign(accessTokenClaims(now))).find("no signing key"),
              std::string::npos);
    EXPECT_EQ(issuer.jwksRequests, 2);
}

TEST_F(JwtAccessTokenValidatorTest, AcceptsARotatedKeyAfterTheRefetch) {
    ASSERT_EQ(rejectionOf(rsaKey().sign(accessTokenClaims(now))), "(accepted)");
    issuer.setJwks(deskauth::test::jwksJson({rsaKey().jwk(), rotatedKey().jwk()}));
    waitForTheRefetchInterval();
    EXPECT_EQ(rejectionOf(rotatedKey().sign(accessTokenClaims(now))), "(accepted)");
    EXPECT_EQ(issuer.jwksRequests, 2);
}

TEST_F(JwtAccessTokenValidatorTest, RejectsAnIdTokenOrAnyJwtNotTypedAsAnAccessToken) {
    auto token = accessTokenClaims(now);
    token.setType("JWT");
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "typ 'JWT' is not at+jwt");
    token.setType("application/at+jwt");
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "(accepted)");
}

TEST_F(JwtAccessTokenValidatorTest, RejectsATokenWithoutSubjectOrWithMalformedClaims) {
    auto token = accessTokenClaims(now);
    token.payload().remove("sub");
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "sub missing");
    token = accessTokenClaims(now);
    token.payload().set("regions", 42);
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "'regions' is neither an array nor a string");
    token = accessTokenClaims(now);
    token.payload().remove("exp");
    EXPECT_EQ(rejectionOf(rsaKey().sign(token)), "exp missing or not a number");
}

TEST_F(JwtAccessTokenValidatorTest, RejectsGarbageWithoutAskingTheIssuer) {
    for (const std::string& garbage : std::vector<std::string>{"garbage", "a.b.c", "a.b", "....", "eyJhbGciOiJSUzI1NiJ9.e30", std::string(20000, 'a')}) {
        EXPECT_NE(rejectionOf(garbage), "(accepted)") << garbage.substr(0, 40);
    }
    EXPECT_EQ(issuer.transport.calls, 0);
}

TEST_F(JwtAccessTokenValidatorTest, AnUnreachableIssuerIsAnUpstreamFailureAndRecovers) {
    issuer.down = true;
    const std::string token = rsaKey().sign(accessTokenClaims(now));
    EXPECT_THROW(validator.validate(token), NetworkError) << "a 503, not a 401: the token may be fine";
    EXPECT_THROW(validator.validate(token), NetworkError);
    issuer.down = false;
    EXPECT_EQ(rejectionOf(token), "(accepted)");
    EXPECT_EQ(validator.jwksFetches(), 1);
}

TEST_F(JwtAccessTokenValidatorTest, KeepsWorkingFromCachedKeysWhileTheIssuerIsDown) {
    ASSERT_EQ(rejectionOf(rsaKey().sign(accessTokenClaims(now))), "(accepted)");
    issuer.down = true;
    EXPECT_EQ(rejectionOf(rsaKey().sign(accessTokenClaims(now + 5))), "(accepted)");
}

TEST(JwtAccessTokenValidatorConfig, RefusesHmacOrNoneInTheAllowList) {
    FakeIssuer issuer;
    Discovery discovery{issuer.transport, kIssuer};
    ApiStats stats;
    ClaimRules rules{kIssuer, kAudience};
    for (const std::string alg : {"HS256", "none"}) {
        EXPECT_THROW(JwtAccessTokenValidator(issuer.transport, discovery, ClaimsChecker(rules), {"RS256", alg},
                                             std::chrono::seconds(30), stats),
                     std::invalid_argument)
            << alg;
    }
}

// Issue 19 item 7: a provider whose custom claims can only be strings (Glewlwyd) gives the regions
// as "Europe, USA" or "Europe USA"; the claim's name is api.json's oauth.regionsClaim.
TEST_F(JwtAccessTokenValidatorTest, ReadsRegionsGivenAsOneSeparatedString) {
    for (const std::string form : {"Europe, USA", "Europe USA", " Europe,USA ,"}) {
        auto token = accessTokenClaims(now);
        token.payload().set("regions", form);
        EXPECT_EQ(validator.validate(rsaKey().sign(token)).regions, (std::vector<std::string>{"Europe", "USA"})) << form;
    }
}

TEST(ClaimsCheckerRegions, ReadsTheConfiguredClaim) {
    ClaimRules groupsRules{kIssuer, kAudience, "groups", std::chrono::seconds(30), true, true};
    ClaimsChecker checker(groupsRules);
    Poco::JSON::Object claims;
    claims.set("iss", kIssuer);
    claims.set("aud", kAudience);
    claims.set("sub", "user-alice");
    claims.set("exp", static_cast<Poco::Int64>(std::time(nullptr) + 300));
    claims.set("regions", "USA");
    claims.set("groups", "Asia Europe");
    EXPECT_EQ(checker.check(claims).regions, (std::vector<std::string>{"Asia", "Europe"}));
}
