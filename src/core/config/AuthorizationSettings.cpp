#include "config/AuthorizationSettings.h"

#include "config/JsonSection.h"

#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <algorithm>
#include <array>
#include <set>

namespace deskauth {
namespace {

// The parameters DeskAuth sends itself (or that change how the request is sent: a JAR or PAR
// request_uri), which `extraParameters` must not replace.
constexpr std::array reservedParameters = {
    "response_type", "client_id",  "redirect_uri", "scope",     "state",   "nonce",       "code_challenge",
    "code_challenge_method",       "prompt",       "login_hint", "acr_values", "max_age", "resource",
    "dpop_jkt",      "request",    "request_uri",  "response_mode"};

std::vector<std::string> words(const std::string& text) {
    Poco::StringTokenizer tokens(text, " ", Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    return {tokens.begin(), tokens.end()};
}

void checkPrompt(JsonSection& oauth, const std::string& prompt) {
    // OIDC Core §3.1.2.1: a space-separated list of these values; "none" stands alone.
    static const std::set<std::string> known = {"none", "login", "consent", "select_account"};
    const auto values = words(prompt);
    for (const auto& value : values) {
        if (!known.count(value)) oauth.fail("prompt", "has '" + value + "'; allowed: none, login, consent, select_account");
    }
    if (values.size() > 1 && std::find(values.begin(), values.end(), "none") != values.end()) {
        oauth.fail("prompt", "'none' cannot be combined with other values (OpenID Connect Core §3.1.2.1)");
    }
}

void checkResource(JsonSection& oauth, const std::string& resource) {
    // RFC 8707 §2: an absolute URI, without a fragment.
    try {
        Poco::URI uri(resource);
        if (uri.getScheme().empty() || !uri.getFragment().empty() || resource.find('#') != std::string::npos) {
            oauth.fail("resource", "'" + resource + "' must be an absolute URI without a fragment (RFC 8707 §2)");
        }
    } catch (const Poco::SyntaxException&) {
        oauth.fail("resource", "'" + resource + "' is not a valid URI");
    }
}

}  // namespace

AuthorizationSettings readAuthorizationSettings(JsonSection& oauth) {
    AuthorizationSettings settings;
    settings.prompt = oauth.optionalString("prompt", "(consent when offline_access is asked for)");
    if (settings.prompt) checkPrompt(oauth, *settings.prompt);
    settings.loginHint = oauth.string("loginHint", "");
    settings.acrValues = oauth.strings("acrValues", false);
    for (const auto& acr : settings.acrValues) {
        if (acr.empty() || acr.find(' ') != std::string::npos) oauth.fail("acrValues", "values must be non-empty and without spaces");
    }
    settings.maxAgeSeconds = oauth.optionalInteger("maxAgeSeconds", 0, 366 * 24 * 3600, "(not sent)");
    settings.resources = oauth.stringOrStrings("resource");
    for (const auto& resource : settings.resources) checkResource(oauth, resource);
    settings.extraParameters = oauth.stringMap("extraParameters");
    for (const auto& [name, value] : settings.extraParameters) {
        if (name.empty()) oauth.fail("extraParameters", "has an empty parameter name");
        if (std::find(reservedParameters.begin(), reservedParameters.end(), name) != reservedParameters.end()) {
            oauth.fail("extraParameters." + name, "is a parameter DeskAuth sends itself; use its own setting");
        }
    }
    return settings;
}

std::string effectivePrompt(const AuthorizationSettings& settings, const std::vector<std::string>& scopes) {
    if (settings.prompt) return *settings.prompt;
    const bool offline = std::find(scopes.begin(), scopes.end(), "offline_access") != scopes.end();
    return offline ? "consent" : "";
}

}  // namespace deskauth
