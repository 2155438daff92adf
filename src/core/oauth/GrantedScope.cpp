#include "oauth/GrantedScope.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <set>
#include <sstream>

namespace deskauth {
namespace {

constexpr std::array<const char*, 6> openIdScopes{"openid", "profile", "email", "address", "phone", "offline_access"};

bool isOpenIdScope(const std::string& scope) {
    return std::find(openIdScopes.begin(), openIdScopes.end(), scope) != openIdScopes.end();
}

}  // namespace

std::vector<std::string> missingRequiredScopes(const std::string& granted, const std::vector<std::string>& requested) {
    std::istringstream words(granted);
    const std::set<std::string> grantedScopes{std::istream_iterator<std::string>(words), std::istream_iterator<std::string>()};
    std::vector<std::string> missing;
    if (grantedScopes.empty()) return missing;  // §5.1: omitted = as requested
    for (const auto& scope : requested) {
        if (!isOpenIdScope(scope) && grantedScopes.count(scope) == 0) missing.push_back(scope);
    }
    return missing;
}

}  // namespace deskauth
