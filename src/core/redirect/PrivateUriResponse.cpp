#include "redirect/PrivateUriResponse.h"

#include "errors/Errors.h"
#include "redirect/RedirectQuery.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <stdexcept>

namespace deskauth {

bool PrivateUriResponse::usesScheme(const std::string& url, const std::string& scheme) {
    return url.size() > scheme.size() && url.compare(0, scheme.size() + 1, scheme + ":") == 0;
}

std::map<std::string, std::string> PrivateUriResponse::parse(const std::string& url, const std::string& scheme,
                                                             const std::string& path) {
    if (url.size() > maxUrlBytes) throw StrayResponse("invalid_redirect_url", "redirect URL larger than 8 KB");
    if (!usesScheme(url, scheme)) throw StrayResponse("invalid_redirect_url", "redirect URL with another scheme");
    Poco::URI uri;
    try {
        uri = Poco::URI(url);
    } catch (const Poco::SyntaxException&) {
        throw StrayResponse("invalid_redirect_url", "malformed redirect URL");
    }
    // RFC 8252 §7.1: "com.example.app:/oauth2redirect" — a single slash, no authority.
    if (!uri.getAuthority().empty() || uri.getPath() != path || !uri.getFragment().empty()) {
        throw StrayResponse("invalid_redirect_url", "redirect URL with an unexpected path or authority");
    }
    try {
        return redirectQuery(uri);
    } catch (const std::invalid_argument& e) {
        throw StrayResponse("invalid_redirect_url", std::string("redirect URL: ") + e.what());
    }
}

}  // namespace deskauth
