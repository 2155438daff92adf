#include "oauth/UserClaims.h"

#include "errors/Errors.h"
#include "http/JsonBody.h"

namespace deskauth {

std::string displayName(const Poco::JSON::Object& claims) {
    if (auto name = json::optionalString(claims, "name"); name && !name->empty()) return *name;
    auto given = json::optionalString(claims, "given_name").value_or("");
    auto family = json::optionalString(claims, "family_name").value_or("");
    if (!given.empty() || !family.empty()) return given + (given.empty() || family.empty() ? "" : " ") + family;
    if (auto user = json::optionalString(claims, "preferred_username"); user && !user->empty()) return *user;
    return json::optionalString(claims, "email").value_or("");
}

std::string accountName(const Poco::JSON::Object& claims) {
    if (auto user = json::optionalString(claims, "preferred_username"); user && !user->empty()) return *user;
    return json::optionalString(claims, "email").value_or("");
}

std::string userinfoDisplayName(const Poco::JSON::Object& userinfo, const std::string& idTokenSubject) {
    const auto subject = json::optionalString(userinfo, "sub");
    if (!subject || *subject != idTokenSubject) {
        throw ProtocolError("userinfo_subject_mismatch",
                            subject ? "the userinfo answer names another subject than the ID token (OIDC Core §5.3.2)"
                                    : "the userinfo answer has no sub (OIDC Core §5.3.2)");
    }
    return displayName(userinfo);
}

}  // namespace deskauth
