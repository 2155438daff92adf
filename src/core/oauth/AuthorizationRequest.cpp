#include "oauth/AuthorizationRequest.h"

#include "errors/Errors.h"
#include "http/HttpTransport.h"
#include "log/Log.h"
#include "oauth/Pkce.h"

namespace deskauth {
namespace {

std::string friendlyMessage(const std::string& error) {
    if (error == "access_denied") return "Sign-in was declined in the browser.";
    if (error == "login_required" || error == "interaction_required" || error == "consent_required") {
        return "The sign-in server needs you to sign in again.";
    }
    if (error == "invalid_scope") return "The app asked for permissions the sign-in server does not grant.";
    if (error == "temporarily_unavailable") return "The sign-in server is busy. Please try again in a moment.";
    if (error == "server_error") return "The sign-in server had a problem. Please try again.";
    // RFC 9126 §4: the pushed request's request_uri expired (the browser was left waiting) or was
    // used already; a new sign-in pushes a new one.
    if (error == "invalid_request_uri") return "The sign-in request expired. Click Sign In to try again.";
    return "The sign-in server refused the sign-in.";
}

std::string valueOf(const std::map<std::string, std::string>& map, const std::string& key) {
    auto it = map.find(key);
    return it == map.end() ? std::string() : it->second;
}

}  // namespace

HeaderList authorizationParameters(const std::string& clientId, const std::vector<std::string>& scopes,
                                   const AuthorizationSettings& settings, const PendingLogin& login) {
    std::string scope;
    for (const auto& s : scopes) scope += (scope.empty() ? "" : " ") + s;
    HeaderList parameters = {{"response_type", "code"},
                             {"client_id", clientId},
                             {"redirect_uri", login.redirectUri},
                             {"scope", scope},
                             {"state", login.state},
                             {"nonce", login.nonce},
                             {"code_challenge", Pkce::challengeFor(login.codeVerifier)},
                             {"code_challenge_method", Pkce::method}};
    if (const std::string prompt = effectivePrompt(settings, scopes); !prompt.empty()) {
        parameters.emplace_back("prompt", prompt);
    }
    if (!settings.loginHint.empty()) parameters.emplace_back("login_hint", settings.loginHint);
    std::string acr;
    for (const auto& value : settings.acrValues) acr += (acr.empty() ? "" : " ") + value;
    if (!acr.empty()) parameters.emplace_back("acr_values", acr);
    if (settings.maxAgeSeconds) parameters.emplace_back("max_age", std::to_string(*settings.maxAgeSeconds));
    for (const auto& resource : settings.resources) parameters.emplace_back("resource", resource);  // RFC 8707 §2
    for (const auto& extra : settings.extraParameters) parameters.push_back(extra);
    // RFC 9449 §10: binds the authorization code to the key, so that a code intercepted on its
    // way back cannot be exchanged without the key's proof (§10.1: in a pushed request too).
    if (login.dpopKey) parameters.emplace_back("dpop_jkt", login.dpopKey->thumbprint());
    return parameters;
}

std::string buildAuthorizationUrl(const ProviderMetadata& metadata, const HeaderList& parameters) {
    const std::string separator = metadata.authorizationEndpoint.find('?') == std::string::npos ? "?" : "&";
    return metadata.authorizationEndpoint + separator + formUrlEncode(parameters);
}

std::string buildAuthorizationUrl(const ProviderMetadata& metadata, const std::string& clientId,
                                  const std::vector<std::string>& scopes, const AuthorizationSettings& settings,
                                  const PendingLogin& login) {
    return buildAuthorizationUrl(metadata, authorizationParameters(clientId, scopes, settings, login));
}

std::string authorizationCodeFrom(const std::map<std::string, std::string>& response,
                                  const ProviderMetadata& metadata) {
    // RFC 9207 §2.4: an `iss` in the response must be the issuer we sent the request to, whether or
    // not the server advertised the parameter; when it did advertise it, a response without `iss`
    // is rejected too. Either may be a mix-up attack (RFC 9700 §4.4), error responses included.
    const auto iss = response.find("iss");
    if (iss != response.end() && iss->second != metadata.issuer) {
        throw ProtocolError("issuer_mismatch", "authorization response from another issuer");
    }
    if (iss == response.end() && metadata.issParameterSupported) {
        throw ProtocolError("issuer_mismatch", "authorization response without iss");
    }
    const std::string error = valueOf(response, "error");
    if (!error.empty()) {
        throw ServerError(error, 0, friendlyMessage(error) + " (" + error + ")",
                          "authorization response error " + error + ": " + log::redact(valueOf(response, "error_description")));
    }
    std::string code = valueOf(response, "code");
    if (code.empty()) throw ProtocolError("missing_code", "authorization response without code or error");
    return code;
}

}  // namespace deskauth
