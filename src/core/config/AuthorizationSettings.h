#pragma once
// The optional parameters of the authorization request that a provider may need beyond the
// protocol's own (OIDC Core §3.1.2.1, RFC 8707), read from `oauth.prompt`, `oauth.loginHint`,
// `oauth.acrValues`, `oauth.maxAgeSeconds`, `oauth.resource` and `oauth.extraParameters`
// (docs/configuration.md), and the rule that picks the prompt.
// Threads: plain values and pure functions; any thread.
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace deskauth {

class JsonSection;

struct AuthorizationSettings {
    // nullopt: "consent" when offline_access is asked for (OIDC Core §11: without it a provider may
    // hand out no refresh token, or one that ends with the browser session), none otherwise.
    // A configured value is sent as it is; "" sends no prompt.
    std::optional<std::string> prompt;
    std::string loginHint;               // login_hint: the user name the provider's page starts with
    std::vector<std::string> acrValues;  // acr_values, in order of preference
    // max_age: the longest time since the user last authenticated at the provider; the ID token's
    // auth_time is then required and checked (OIDC Core §3.1.2.1, §3.1.3.7 item 13).
    std::optional<int> maxAgeSeconds;
    // RFC 8707: the resource servers the access token is for (absolute URIs without a fragment),
    // sent on the authorization, code exchange and refresh requests.
    std::vector<std::string> resources;
    // A provider's own parameters (Auth0's `audience`, Entra ID's `domain_hint`), added to the
    // authorization request; they may not replace a parameter DeskAuth sends itself.
    std::vector<std::pair<std::string, std::string>> extraParameters;
};

// Reads the fields above from the `oauth` section; a bad value fails with a ConfigurationError
// naming the field.
AuthorizationSettings readAuthorizationSettings(JsonSection& oauth);

// The prompt to send for these scopes: the configured one, else "consent" when the scopes include
// offline_access, else "" (no prompt parameter).
std::string effectivePrompt(const AuthorizationSettings& settings, const std::vector<std::string>& scopes);

}  // namespace deskauth
