// TokenSet <-> the versioned JSON document the secret stores keep.
#include "storage/TokenSetCodec.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <functional>

using namespace deskauth;

namespace deskauth {
void PrintTo(CorruptTokenEntry::Reason reason, std::ostream* out) { *out << toString(reason); }
}  // namespace deskauth

namespace {

TokenSet sample() {
    TokenSet tokens;
    tokens.accessToken = "eyJhbGciOiJSUzI1NiJ9.access-payload.sig";
    tokens.refreshToken = "refresh-SECRET-VALUE-123";
    tokens.idToken = "eyJhbGciOiJSUzI1NiJ9.id-payload.sig";
    tokens.accessTokenExpiresAt = std::chrono::system_clock::time_point(std::chrono::seconds(1'900'000'000));
    tokens.scope = "openid profile email offline_access api.read";
    return tokens;
}

std::string validDocumentWith(const std::function<void(Poco::JSON::Object&)>& change) {
    auto object = Poco::JSON::Parser().parse(encodeTokenSet(sample())).extract<Poco::JSON::Object::Ptr>();
    change(*object);
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

CorruptTokenEntry::Reason reasonOf(const std::string& document) {
    try {
        decodeTokenSet(document);
    } catch (const CorruptTokenEntry& e) {
        return e.reason();
    }
    ADD_FAILURE() << "accepted: " << document;
    return CorruptTokenEntry::Reason::NotJson;
}

}  // namespace

TEST(TokenSetCodec, RoundTripKeepsEveryField) {
    const TokenSet decoded = decodeTokenSet(encodeTokenSet(sample()));
    EXPECT_EQ(decoded.accessToken, sample().accessToken);
    EXPECT_EQ(decoded.refreshToken, sample().refreshToken);
    EXPECT_EQ(decoded.idToken, sample().idToken);
    EXPECT_EQ(decoded.accessTokenExpiresAt, sample().accessTokenExpiresAt);
    EXPECT_EQ(decoded.scope, sample().scope);
}

TEST(TokenSetCodec, EncodesAVersionedJsonDocument) {
    auto object = Poco::JSON::Parser().parse(encodeTokenSet(sample())).extract<Poco::JSON::Object::Ptr>();
    EXPECT_EQ(object->getValue<int>("v"), 1);
    EXPECT_EQ(object->getValue<std::string>("refresh_token"), "refresh-SECRET-VALUE-123");
    EXPECT_EQ(object->getValue<Poco::Int64>("expires_at"), 1'900'000'000);
    std::vector<std::string> names;
    object->getNames(names);
    EXPECT_EQ(names.size(), 7u) << "v, access_token, refresh_token, id_token, expires_at, scope, token_type";
    EXPECT_EQ(object->getValue<std::string>("token_type"), "Bearer");
}

TEST(TokenSetCodec, KeepsTheDpopKeyAndTokenType) {
    TokenSet tokens = sample();
    tokens.tokenType = "DPoP";
    tokens.dpopKey = "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n";
    const TokenSet decoded = decodeTokenSet(encodeTokenSet(tokens));
    EXPECT_EQ(decoded.tokenType, "DPoP");
    EXPECT_EQ(decoded.dpopKey, tokens.dpopKey);
    EXPECT_TRUE(decoded.dpopBound());
}

// An entry written before DPoP (no token_type, no dpop_key) is a bearer session, not corrupt.
TEST(TokenSetCodec, AnEntryFromBeforeDpopStillLoads) {
    const std::string old = R"({"v":1,"access_token":"at","refresh_token":"rt","id_token":"it","expires_at":0,"scope":"openid"})";
    const TokenSet decoded = decodeTokenSet(old);
    EXPECT_EQ(decoded.refreshToken, "rt");
    EXPECT_EQ(decoded.tokenType, "Bearer");
    EXPECT_TRUE(decoded.dpopKey.empty());
    EXPECT_FALSE(decoded.dpopBound());
}

TEST(TokenSetCodec, RejectsADpopSessionWithoutItsKeyOrAnUnknownType) {
    EXPECT_EQ(reasonOf(validDocumentWith([](auto& o) { o.set("token_type", "DPoP"); })),
              CorruptTokenEntry::Reason::InvalidField);
    EXPECT_EQ(reasonOf(validDocumentWith([](auto& o) { o.set("token_type", "MAC"); })),
              CorruptTokenEntry::Reason::InvalidField);
    EXPECT_EQ(reasonOf(validDocumentWith([](auto& o) { o.set("dpop_key", 5); })), CorruptTokenEntry::Reason::InvalidField);
}

TEST(TokenSetCodec, ExpiryIsKeptInWholeSecondsAndUnknownStaysUnknown) {
    TokenSet tokens = sample();
    tokens.accessTokenExpiresAt += std::chrono::milliseconds(900);
    EXPECT_EQ(decodeTokenSet(encodeTokenSet(tokens)).accessTokenExpiresAt, sample().accessTokenExpiresAt)
        << "rounded down: the token is treated as expiring slightly early, never late";
    tokens.accessTokenExpiresAt = {};
    EXPECT_EQ(decodeTokenSet(encodeTokenSet(tokens)).accessTokenExpiresAt, std::chrono::system_clock::time_point{});
}

TEST(TokenSetCodec, RefreshTokenOnlyAndUnicodeScopeSurvive) {
    TokenSet tokens;
    tokens.refreshToken = "only-a-refresh-token";
    tokens.scope = "openid \"quoted\" \\ caf\xC3\xA9";
    const TokenSet decoded = decodeTokenSet(encodeTokenSet(tokens));
    EXPECT_EQ(decoded.refreshToken, tokens.refreshToken);
    EXPECT_EQ(decoded.scope, tokens.scope);
    EXPECT_TRUE(decoded.accessToken.empty());
}

TEST(TokenSetCodec, RejectsGarbageAsNotJson) {
    for (const std::string& garbage : std::vector<std::string>{"", "garbage", "{", "{\"v\":1,", std::string("\x00\xff\xfe", 3), "v=1&access_token=x"}) {
        EXPECT_EQ(reasonOf(garbage), CorruptTokenEntry::Reason::NotJson) << garbage;
    }
}

TEST(TokenSetCodec, RejectsJsonThatIsNotOurs) {
    for (const std::string& foreign : std::vector<std::string>{"[]", "[{\"v\":1}]", R"({"password":"hunter2"})",
                                                                R"({"v":"1","access_token":"a"})", R"({"v":1.5})",
                                                                R"({"v":null})"}) {
        EXPECT_EQ(reasonOf(foreign), CorruptTokenEntry::Reason::Foreign) << foreign;
    }
    // POCO's parser refuses a bare scalar as a document; rejected either way.
    for (const std::string& scalar : std::vector<std::string>{"\"a string\"", "42", "null"}) {
        EXPECT_THROW(decodeTokenSet(scalar), CorruptTokenEntry) << scalar;
    }
}

TEST(TokenSetCodec, RejectsUnknownVersions) {
    for (int version : {0, 2, -1, 99}) {
        EXPECT_EQ(reasonOf(validDocumentWith([&](auto& o) { o.set("v", version); })),
                  CorruptTokenEntry::Reason::UnknownVersion)
            << version;
    }
}

TEST(TokenSetCodec, RejectsMissingOrMistypedFields) {
    for (const char* field : {"access_token", "refresh_token", "id_token", "scope", "expires_at"}) {
        EXPECT_EQ(reasonOf(validDocumentWith([&](auto& o) { o.remove(field); })), CorruptTokenEntry::Reason::InvalidField)
            << field << " missing";
        EXPECT_EQ(reasonOf(validDocumentWith([&](auto& o) { o.set(field, Poco::Dynamic::Var()); })),
                  CorruptTokenEntry::Reason::InvalidField)
            << field << " null";
    }
    EXPECT_EQ(reasonOf(validDocumentWith([](auto& o) { o.set("access_token", 12); })), CorruptTokenEntry::Reason::InvalidField);
    EXPECT_EQ(reasonOf(validDocumentWith([](auto& o) { o.set("expires_at", "1900000000"); })),
              CorruptTokenEntry::Reason::InvalidField);
    EXPECT_EQ(reasonOf(validDocumentWith([](auto& o) { o.set("expires_at", 1.5); })), CorruptTokenEntry::Reason::InvalidField);
    EXPECT_EQ(reasonOf(validDocumentWith([](auto& o) { o.set("expires_at", -5); })), CorruptTokenEntry::Reason::InvalidField);
}

TEST(TokenSetCodec, RejectsNumbersOutOfRangeWithoutAnyOtherException) {
    // POCO parses these as UInt64; converting them must not escape as a Poco::RangeException.
    const std::string huge = "18446744073709551615";
    std::string document = encodeTokenSet(sample());
    const std::string withHugeExpiry =
        document.replace(document.find("1900000000"), 10, huge);
    EXPECT_EQ(reasonOf(withHugeExpiry), CorruptTokenEntry::Reason::InvalidField);
    std::string versioned = encodeTokenSet(sample());
    EXPECT_THROW(decodeTokenSet(versioned.replace(versioned.find("\"v\":1"), 5, "\"v\":" + huge)), CorruptTokenEntry);
}

TEST(TokenSetCodec, RejectsAnEntryWithoutAnyToken) {
    EXPECT_EQ(reasonOf(encodeTokenSet(TokenSet{})), CorruptTokenEntry::Reason::InvalidField);
}

TEST(TokenSetCodec, RejectsOversizedEntriesBeforeParsing) {
    const std::string huge = validDocumentWith([](auto& o) { o.set("scope", std::string(kMaxTokenSetDocumentSize, 'x')); });
    EXPECT_EQ(reasonOf(huge), CorruptTokenEntry::Reason::TooLarge);
}

TEST(TokenSetCodec, ErrorsAreStorageErrorsWithAnIdAndNeverQuoteTheEntry) {
    const std::string secret = "refresh-SECRET-VALUE-123";
    for (const std::string& document : std::vector<std::string>
         {std::string("not json but ") + secret, "{\"v\":7,\"refresh_token\":\"" + secret + "\"}",
          "{\"refresh_token\":\"" + secret + "\"}", "{\"v\":1,\"refresh_token\":\"" + secret + "\"}"}) {
        try {
            decodeTokenSet(document);
            ADD_FAILURE() << "accepted";
        } catch (const StorageError& e) {
            EXPECT_EQ(e.kind(), ErrorKind::Storage);
            EXPECT_EQ(e.id().rfind("DA-", 0), 0u);
            EXPECT_FALSE(e.userMessage().empty());
            EXPECT_EQ(std::string(e.what()).find("SECRET"), std::string::npos) << e.what();
            EXPECT_EQ(e.details().find("SECRET"), std::string::npos) << e.details();
        }
    }
}

TEST(TokenSetCodec, WipeOverwritesAndEmptiesTheString) {
    std::string secret = "refresh-SECRET-VALUE-123";
    wipe(secret);
    EXPECT_TRUE(secret.empty());
}
