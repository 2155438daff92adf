#include "redirect/RedirectQuery.h"

#include <Poco/Exception.h>

#include <stdexcept>

namespace deskauth {

std::map<std::string, std::string> redirectQuery(const Poco::URI& uri) {
    Poco::URI::QueryParameters parameters;
    try {
        parameters = uri.getQueryParameters();  // decodes, and throws on a bad %-escape
    } catch (const Poco::SyntaxException&) {
        throw std::invalid_argument("malformed percent-encoding in the query");
    }
    std::map<std::string, std::string> query;
    for (auto& [name, value] : parameters) {
        if (!query.emplace(name, std::move(value)).second) {
            throw std::invalid_argument("the parameter '" + name + "' appears more than once");
        }
    }
    return query;
}

}  // namespace deskauth
