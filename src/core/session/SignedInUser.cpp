#include "session/SignedInUser.h"

#include <Poco/JWT/Token.h>

namespace deskauth {

std::optional<SignedInUser> userFromStoredIdToken(const std::string& idToken) {
    if (idToken.empty()) return std::nullopt;
    try {
        Poco::JWT::Token token(idToken);
        SignedInUser user;
        user.subject = token.payload().optValue<std::string>("sub", "");
        user.name = token.payload().optValue<std::string>("name", "");
        user.email = token.payload().optValue<std::string>("email", "");
        if (user.name.empty()) user.name = user.email;
        user.accountName = token.payload().optValue<std::string>("preferred_username", "");
        if (user.accountName.empty()) user.accountName = user.email;
        return user;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

}  // namespace deskauth
