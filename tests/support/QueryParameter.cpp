#include "support/QueryParameter.h"

#include <Poco/URI.h>

namespace deskauth::test {

std::optional<std::string> queryParameter(const std::string& url, const std::string& name) {
    for (const auto& [key, value] : Poco::URI(url).getQueryParameters()) {
        if (key == name) return value;
    }
    return std::nullopt;
}

}  // namespace deskauth::test
