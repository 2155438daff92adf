#include "oauth/IdTokenValidator.h"

#include "errors/Errors.h"
#include "oauth/Base64Url.h"
#include "support/FakeTransport.h"
#include "support/TestKeys.h"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <limits>

using namespace deskauth;
using namespace deskauth::test;

namespace {

const std::string validatorIssuer = "https://login.example.com";
const std::string clientId = "deskauth-desktop";

const RsaTestKey& signingKey() {
    static const RsaTestKey key = RsaTestKey::generate("k1");
    return key;
}
const RsaTestKey& otherKey() {
    static const RsaTestKey key = RsaTestKey::generate("k1");  // same kid, different key
    return key;
}
const RsaTestKey& rotatedKey() {
    static const RsaTestKey key = RsaTestKey::generate("k2");
    return key;
}

class IdTokenValidatorTest : public ::testing::Test {
protected:
    std::time_t now = std::time(nullptr);
    bool rotated = false;
    FakeTransport transport{[this](const HttpRequest&) {
        return jsonResponse(200, rotated ? jwksJson({signingKey().jwk(), rotatedKey().jwk()}) : jwksJson({signingKey().jwk()}));
    }};
    JwksCache keys{transport, validatorIssuer + "/jwks", std::chrono::seconds(0)};
    JwtSignatureVerifier verifier{keys};
    IdTokenValidator validator{verifier, validatorIssuer, clientId};

    Poco::JWT::Token claims() const {
        Poco::JWT::Token token;
        token.setType("JWT");
        token.payload().set("iss", validatorIssuer);
        token.payload().set("sub", "user-alice");
        token.payload().set("aud", clientId);
        token.payload().set("exp", static_cast<Poco::Int64>(now + 300));
        token.payload().set("iat", static_cast<Poco::Int64>(now));
        token.payload().set("nonce", "n-123");
        token.payload().set("name", "Alice Smith");
        token.payload().set("email", "alice@example.com");
        return token;
    }

    std::string rejectionOf(const std::string& jwt, IdTokenValidator::Expectations expect = {std::string("n-123"), {}}) {
        try {
            validator.validate(jwt, expect);
            return "(accepted)";
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), "invalid_id_token");
            return e.details();
        }
    }
};

}  // namespace

TEST_F(IdTokenValidatorTest, AcceptsAValidToken) {
    auto result = validator.validate(signingKey().sign(claims()), {std::string("n-123"), {}});
    EXPECT_EQ(result.subject, "user-alice");
    EXPECT_EQ(result.name, "Alice Smith");
    EXPECT_EQ(result.email, "alice@example.com");
}

TEST_F(IdTokenValidatorTest, RejectsWrongIssuer) {
    auto token = claims();
    token.payload().set("iss", "https://evil.example.com");
    EXPECT_NE(rejectionOf(signingKey().sign(token)).find("iss"), std::string::npos);
}

TEST_F(IdTokenValidatorTest, RejectsWrongAudience) {
    auto token = claims();
    token.payload().set("aud", "another-client");
    EXPECT_NE(rejectionOf(signingKey().sign(token)).find("aud"), std::string::npos);
}

TEST_F(IdTokenValidatorTest, RejectsSeveralAudiencesWithoutOrWithForeignAzp) {
    auto token = claims();
    Poco::JSON::Array::Ptr aud = new Poco::JSON::Array;
    aud->add(clientId);
    aud->add("another-client");
    token.payload().set("aud", aud);
    EXPECT_NE(rejectionOf(signingKey().sign(token)).find("azp"), std::string::npos);
    token.payload().set("azp", "another-client");
    EXPECT_NE(rejectionOf(signingKey().sign(token)).find("azp"), std::string::npos);
    token.payload().set("azp", clientId);
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "(accepted)");
}

TEST_F(IdTokenValidatorTest, RejectsExpiredToken) {
    auto token = claims();
    token.payload().set("exp", static_cast<Poco::Int64>(now - 120));
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "expired");
}

TEST_F(IdTokenValidatorTest, RejectsTokenIssuedInTheFutureOrWithoutIat) {
    auto token = claims();
    token.payload().set("iat", static_cast<Poco::Int64>(now + 600));
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "issued in the future");
    token.payload().remove("iat");
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "iat missing");
}

// Found while writing the fuzz targets (tests/fuzz): exp + leeway and iat - leeway overflowed, and
// so did the conversion of a far-future exp to a time_point (signed overflow, undefined behaviour).
TEST_F(IdTokenValidatorTest, ExtremeTimeClaimsNeitherOverflowNorPass) {
    auto token = claims();
    token.payload().set("iat", std::numeric_limits<Poco::Int64>::min());
    token.payload().set("exp", std::numeric_limits<Poco::Int64>::min());
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "expired");
    token.payload().set("exp", std::numeric_limits<Poco::Int64>::max());
    token.payload().set("iat", std::numeric_limits<Poco::Int64>::max());
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "issued in the future");
    token.payload().set("iat", static_cast<Poco::Int64>(now));
    auto result = validator.validate(signingKey().sign(token), {std::string("n-123"), {}});
    EXPECT_GT(result.expiresAt, std::chrono::system_clock::now() + std::chrono::hours(24 * 365 * 100));
}

TEST_F(IdTokenValidatorTest, RejectsWrongOrMissingNonce) {
    auto token = claims();
    token.payload().set("nonce", "n-other");
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "nonce mismatch");
    token.payload().remove("nonce");
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "nonce mismatch");
}

TEST_F(IdTokenValidatorTest, AfterRefreshRequiresTheSameSubject) {
    EXPECT_EQ(rejectionOf(signingKey().sign(claims()), {std::nullopt, std::string("user-alice")}), "(accepted)");
    EXPECT_NE(rejectionOf(signingKey().sign(claims()), {std::nullopt, std::string("user-bob")}).find("sub"),
              std::string::npos);
}

TEST_F(IdTokenValidatorTest, RejectsBadSignature) {
    EXPECT_EQ(rejectionOf(otherKey().sign(claims())), "signature does not verify");
}

TEST_F(IdTokenValidatorTest, RejectsTamperedPayload) {
    std::string jwt = signingKey().sign(claims());
    auto tampered = claims();
    tampered.payload().set("sub", "user-mallory");
    std::string forged = otherKey().sign(tampered);
    // header and signature of the genuine token, payload of the forged one
    const auto firstDot = jwt.find('.'), secondDot = jwt.rfind('.');
    const auto fFirst = forged.find('.'), fSecond = forged.rfind('.');
    std::string spliced = jwt.substr(0, firstDot + 1) + forged.substr(fFirst + 1, fSecond - fFirst - 1) + jwt.substr(secondDot);
    EXPECT_EQ(rejectionOf(spliced), "signature does not verify");
}

TEST_F(IdTokenValidatorTest, RejectsUnsignedToken) {
    EXPECT_NE(rejectionOf(unsignedJwt(claims().payload())).find("not allowed"), std::string::npos);
}

TEST_F(IdTokenValidatorTest, RejectsHs256SignedWithThePublicKey) {
    EXPECT_NE(rejectionOf(hs256Jwt(claims(), signingKey().publicKeyPem(), "k1")).find("not allowed"), std::string::npos);
}

TEST_F(IdTokenValidatorTest, RefetchesKeysOnceForAnUnknownKid) {
    EXPECT_EQ(rejectionOf(signingKey().sign(claims())), "(accepted)");
    EXPECT_EQ(keys.fetchCount(), 1);
    EXPECT_EQ(rejectionOf(signingKey().sign(claims())), "(accepted)");
    EXPECT_EQ(keys.fetchCount(), 1) << "a known kid is served from the cache";

    rotated = true;  // the server rotated its keys
    EXPECT_EQ(rejectionOf(rotatedKey().sign(claims())), "(accepted)");
    EXPECT_EQ(keys.fetchCount(), 2);

    auto unknown = RsaTestKey::generate("k-unknown");
    EXPECT_NE(rejectionOf(unknown.sign(claims())).find("no signing key"), std::string::npos);
    EXPECT_EQ(keys.fetchCount(), 3) << "exactly one refetch for the unknown kid";
}

TEST_F(IdTokenValidatorTest, UnknownKidRefetchIsRateLimited) {
    auto clock = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);
    JwksCache limited{transport, validatorIssuer + "/jwks", std::chrono::seconds(60), [&] { return clock; }};
    JwtSignatureVerifier limitedVerifier{limited};
    auto unknown = RsaTestKey::generate("k-unknown");
    EXPECT_NO_THROW(limitedVerifier.verify(signingKey().sign(claims())));
    for (int i = 0; i < 5; ++i) EXPECT_THROW(limitedVerifier.verify(unknown.sign(claims())), ProtocolError);
    EXPECT_EQ(limited.fetchCount(), 2) << "one refetch, then random kids must not make us hammer the JWKS endpoint";
    clock += std::chrono::seconds(59);
    EXPECT_THROW(limitedVerifier.verify(unknown.sign(claims())), ProtocolError);
    EXPECT_EQ(limited.fetchCount(), 2);
    clock += std::chrono::seconds(1);
    EXPECT_THROW(limitedVerifier.verify(unknown.sign(claims())), ProtocolError);
    EXPECT_EQ(limited.fetchCount(), 3) << "the next refetch once the interval has passed";
}

// Issue 21 item 2: the first download counted against the refetch limit, so a key rotated
// moments after it (before the first sign-in) was refused for 30 s.
TEST_F(IdTokenValidatorTest, AKeyRotatedJustAfterTheFirstDownloadIsFoundByOneRefetch) {
    const auto clock = std::chrono::steady_clock::time_point{} + std::chrono::hours(1);  // time stands still
    JwksCache cache{transport, validatorIssuer + "/jwks", std::chrono::seconds(30), [&] { return clock; }};
    JwtSignatureVerifier rotationVerifier{cache};
    IdTokenValidator rotationValidator{rotationVerifier, validatorIssuer, clientId};
    EXPECT_NO_THROW(rotationValidator.validate(signingKey().sign(claims()), {std::string("n-123"), {}}));
    EXPECT_EQ(cache.fetchCount(), 1);

    rotated = true;  // the server starts signing with k2
    EXPECT_NO_THROW(rotationValidator.validate(rotatedKey().sign(claims()), {std::string("n-123"), {}}));
    EXPECT_EQ(cache.fetchCount(), 2) << "one refetch for the new kid";
    EXPECT_NO_THROW(rotationValidator.validate(rotatedKey().sign(claims()), {std::string("n-123"), {}}));
    EXPECT_EQ(cache.fetchCount(), 2) << "then from the cache";
}

// Keys fetched for this very lookup are not fetched again for its unknown kid.
TEST_F(IdTokenValidatorTest, AnUnknownKidInTheFirstLookupCausesNoSecondDownload) {
    JwksCache cache{transport, validatorIssuer + "/jwks", std::chrono::seconds(30)};
    JwtSignatureVerifier firstVerifier{cache};
    EXPECT_THROW(firstVerifier.verify(RsaTestKey::generate("k-unknown").sign(claims())), ProtocolError);
    EXPECT_EQ(cache.fetchCount(), 1);
}

TEST(JwtSignatureVerifier, VerifiesEs256WithAnEcJwk) {
    auto ec = EcTestKey::generate("ec1");
    FakeTransport transport{[&](const HttpRequest&) { return jsonResponse(200, jwksJson({ec.jwk()})); }};
    JwksCache keys{transport, "https://x/jwks"};
    JwtSignatureVerifier verifier{keys};
    Poco::JWT::Token token;
    token.payload().set("sub", "x");
    EXPECT_EQ(verifier.verify(ec.sign(token)).payload().getValue<std::string>("sub"), "x");
}

// Found by fuzz_Jwt: POCO 1.11 leaked an ECDSA_SIG (LeakSanitizer) for an ES256 signature of the
// wrong size; such a signature is now refused before POCO sees it, and so is one that is not
// base64url, and a token of four parts whose last one alone would have the right size.
TEST(JwtSignatureVerifier, RefusesEcdsaSignaturesOfTheWrongSizeOrAlphabet) {
    auto ec = EcTestKey::generate("ec1");
    FakeTransport transport{[&](const HttpRequest&) { return jsonResponse(200, jwksJson({ec.jwk()})); }};
    JwksCache keys{transport, "https://x/jwks"};
    JwtSignatureVerifier verifier{keys};
    Poco::JWT::Token token;
    token.payload().set("sub", "x");
    const std::string jwt = ec.sign(token);
    const std::string unsignedPart = jwt.substr(0, jwt.rfind('.') + 1);
    for (const std::string& signature : {base64url::encode(std::string(61, 'x')), base64url::encode(std::string(65, 'x')),
                                         std::string("f2k\xff\xff\xff\xfez5IqZa4I"), std::string(),
                                         "x." + base64url::encode(std::string(64, 'x'))}) {
        try {
            verifier.verify(unsignedPart + signature);
            ADD_FAILURE() << "accepted a signature of " << signature.size() << " characters";
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), "invalid_token");
        }
    }
}

// Issue 19 item 8: with max_age in the request, auth_time is required (OIDC Core §3.1.2.1) and an
// authentication older than max_age is refused (§3.1.3.7 item 13); Glewlwyd sends auth_time 0.
TEST_F(IdTokenValidatorTest, WithMaxAgeRequiresAFreshEnoughAuthTime) {
    const IdTokenValidator::Expectations maxAnHour{std::string("n-123"), {}, std::chrono::seconds(3600)};
    auto token = claims();
    EXPECT_EQ(rejectionOf(signingKey().sign(token), maxAnHour), "auth_time missing although max_age was requested");
    token.payload().set("auth_time", static_cast<Poco::Int64>(0));
    EXPECT_EQ(rejectionOf(signingKey().sign(token), maxAnHour), "auth_time is older than the max_age of 3600 s");
    token.payload().set("auth_time", static_cast<Poco::Int64>(now - 2 * 3600));
    EXPECT_EQ(rejectionOf(signingKey().sign(token), maxAnHour), "auth_time is older than the max_age of 3600 s");
    token.payload().set("auth_time", static_cast<Poco::Int64>(now - 600));
    EXPECT_EQ(rejectionOf(signingKey().sign(token), maxAnHour), "(accepted)");
    // Not "could not be trusted": the message names the setting (the token is not forged).
    token.payload().set("auth_time", static_cast<Poco::Int64>(0));
    try {
        validator.validate(signingKey().sign(token), maxAnHour);
        ADD_FAILURE() << "accepted";
    } catch (const StaleAuthenticationError& e) {
        EXPECT_NE(e.userMessage().find("oauth.maxAgeSeconds"), std::string::npos) << e.userMessage();
    }
    // Without max_age, auth_time is not looked at.
    token.payload().set("auth_time", static_cast<Poco::Int64>(0));
    EXPECT_EQ(rejectionOf(signingKey().sign(token)), "(accepted)");
}
