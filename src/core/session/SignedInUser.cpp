#include "session/SignedInUser.h"

#include "oauth/UserClaims.h"

#include <Poco/JWT/Token.h>

namespace deskauth {

std::optional<SignedInUser> userFromStoredIdToken(const std::string& idToken) {
    if (idToken.empty()) return std::nullopt;
    try {
        Poco::JWT::Token token(idToken);
        SignedInUser user;
        user.subject = token.payload().optValue<std::string>("sub", "");
        user.name = displayName(token.payload());  // the rule of the ID token's validation
        user.email = token.payload().optValue<std::string>("email", "");
        user.accountName = accountName(token.payload());
        return user;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

}  // namespace deskauth
