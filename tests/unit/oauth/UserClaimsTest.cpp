// The display name rule and the userinfo answer's subject check (OIDC Core §5.3.2).
#include "errors/Errors.h"
#include "oauth/UserClaims.h"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

using namespace deskauth;

namespace {

Poco::JSON::Object::Ptr claims(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

}  // namespace

TEST(UserClaims, TheDisplayNameFallsBackFromNameToGivenAndFamilyToUsernameToEmail) {
    EXPECT_EQ(displayName(*claims(R"({"name":"Alice Smith","given_name":"A","email":"a@x"})")), "Alice Smith");
    EXPECT_EQ(displayName(*claims(R"({"name":"","given_name":"Alice","family_name":"Smith"})")), "Alice Smith");
    EXPECT_EQ(displayName(*claims(R"({"family_name":"Smith"})")), "Smith");
    EXPECT_EQ(displayName(*claims(R"({"preferred_username":"alice","email":"a@x"})")), "alice");
    EXPECT_EQ(displayName(*claims(R"({"email":"a@x"})")), "a@x");
    EXPECT_EQ(displayName(*claims(R"({"sub":"1"})")), "");
}

TEST(UserClaims, AUserinfoNameIsUsedOnlyForTheIdTokensSubject) {
    EXPECT_EQ(userinfoDisplayName(*claims(R"({"sub":"user-1","name":"Alice"})"), "user-1"), "Alice");
    EXPECT_EQ(userinfoDisplayName(*claims(R"({"sub":"user-1"})"), "user-1"), "");
    for (const char* answer : {R"({"sub":"user-2","name":"Mallory"})", R"({"name":"Mallory"})",
                               R"({"sub":"USER-1","name":"Mallory"})", R"({"sub":"user-1 ","name":"Mallory"})",
                               R"({"sub":1,"name":"Mallory"})"}) {
        try {
            userinfoDisplayName(*claims(answer), "user-1");
            ADD_FAILURE() << "accepted " << answer;
        } catch (const ProtocolError& e) {
            EXPECT_EQ(e.code(), "userinfo_subject_mismatch") << answer;
        }
    }
}
