#include "oauth/TokenClient.h"

#include "errors/Errors.h"
#include "http/JsonBody.h"
#include "log/Log.h"
#include "oauth/Base64Url.h"
#include "oauth/ResponseLimits.h"
#include "oauth/PushedAuthorization.h"
#include "oauth/TokenResponse.h"

#include <algorithm>
#include <optional>

namespace deskauth {
namespace {

// A device code is for a person walking to another device (RFC 8628 §3.2 expires_in, interval):
// a server asking us to wait for days, or to poll once an hour, is broken or hostile, and its
// value would overflow the clock or stall the sign-in view.
constexpr std::chrono::seconds maxDeviceCodeLifetime{24L * 3600};
constexpr std::chrono::seconds maxDevicePollInterval{300};

// cnf.jkt of a JWT access token, nullopt when the token is no readable JWT or has none.
std::optional<std::string> readableConfirmationJkt(const std::string& accessToken) {
    const auto first = accessToken.find('.');
    const auto second = first == std::string::npos ? first : accessToken.find('.', first + 1);
    if (second == std::string::npos) return std::nullopt;
    try {
        auto claims = json::parseObject(base64url::decode(accessToken.substr(first + 1, second - first - 1)), "opaque");
        auto cnf = claims->getObject("cnf");
        if (!cnf) return std::nullopt;
        return json::optionalString(*cnf, "jkt");
    } catch (const std::exception&) {
        return std::nullopt;  // not a JWT the client can read: nothing to check
    }
}

}  // namespace

TokenClient::TokenClient(HttpTransport& transport, Discovery& discovery, std::string clientId,
                         std::vector<std::string> resources)
    : transport_(transport), discovery_(discovery), clientId_(std::move(clientId)), resources_(std::move(resources)) {}

HeaderList TokenClient::withResources(HeaderList fields) const {
    // RFC 8707 §2.2: the token request names the resources again, so that the access token is
    // issued for them (the code or refresh token alone may be good for several).
    for (const auto& resource : resources_) fields.emplace_back("resource", resource);
    return fields;
}

HttpResponse TokenClient::postForm(const std::string& url, const HeaderList& fields, const HeaderList& headers,
                                   const DpopKey* dpop, const std::string& accessToken, CancelSignal* cancel) {
    HttpRequest request;
    request.method = "POST";
    request.url = url;
    request.contentType = "application/x-www-form-urlencoded";
    request.headers = headers;
    request.headers.emplace_back("Accept", "application/json");
    request.body = formUrlEncode(fields);
    request.maxResponseBytes = limits::tokenResponseBytes;
    request.cancel = cancel;
    return send(request, dpop, accessToken);
}

HttpResponse TokenClient::send(HttpRequest& request, const DpopKey* dpop, const std::string& accessToken) {
    if (!dpop) return transport_.send(request);
    dpop_.sign(request, *dpop, accessToken);
    HttpResponse response = transport_.send(request);
    // RFC 9449 §8: the server wants its nonce in the proof; one more try with it, and only one.
    if (!dpop_.retryWith(request, response)) return response;
    dpop_.sign(request, *dpop, accessToken);
    response = transport_.send(request);
    dpop_.retryWith(request, response);  // remembers a rotated nonce; a second challenge stays an error
    return response;
}

TokenSet TokenClient::grantedTokens(const HttpResponse& response, const std::string& grant, const DpopKey* dpop) {
    TokenSet tokens = TokenResponse::parse(response.body, grant, dpop != nullptr);
    if (!dpop) return tokens;
    // RFC 9449 §6.1: a JWT access token bound to a key names it in cnf.jkt. The client does not
    // need to read its access tokens, but when one is a readable JWT whose cnf.jkt names another
    // key, the server claims a binding it did not make (or binds to someone else's key): refused.
    if (tokens.tokenType == "DPoP") {
        if (auto jkt = readableConfirmationJkt(tokens.accessToken); jkt && *jkt != dpop->thumbprint()) {
            throw ProtocolError("dpop_binding_mismatch", "the DPoP access token is bound to another key than ours");
        }
    }
    tokens.dpopKey = dpop->toPem();
    return tokens;
}

TokenSet TokenClient::exchangeCode(const std::string& code, const std::string& codeVerifier,
                                   const std::string& redirectUri, const DpopKey* dpop) {
    const auto metadata = discovery_.metadata();
    HttpResponse response = postForm(metadata.tokenEndpoint, withResources({{"grant_type", "authorization_code"},
                                                                           {"code", code},
                                                                           {"redirect_uri", redirectUri},
                                                                           {"client_id", clientId_},
                                                                           {"code_verifier", codeVerifier}}),
                                     {}, dpop);
    if (response.status != 200) throw TokenResponse::error(response, "complete the sign-in");
    return grantedTokens(response, "authorization_code", dpop);
}

DeviceCodeGrant TokenClient::requestDeviceCode(const std::vector<std::string>& scopes, CancelSignal* cancel) {
    const auto metadata = discovery_.metadata(cancel);
    if (metadata.deviceAuthorizationEndpoint.empty()) {
        throw ProtocolError("device_flow_unsupported", "the server advertises no device_authorization_endpoint");
    }
    std::string scope;
    for (const auto& s : scopes) scope += (scope.empty() ? "" : " ") + s;
    // RFC 8707 §2.1: the resource goes with the request the user's approval is for, as on the
    // authorization request (Glewlwyd refuses a device-code exchange naming a resource the device
    // authorization request did not: invalid_target).
    HttpResponse response =
        postForm(metadata.deviceAuthorizationEndpoint, withResources({{"client_id", clientId_}, {"scope", scope}}), {},
                 nullptr, {}, cancel);
    if (response.status != 200) throw TokenResponse::error(response, "start a sign-in on another device");
    auto body = json::parseObject(response.body, "invalid_device_authorization_response");
    DeviceCodeGrant grant;
    grant.deviceCode = json::requiredString(*body, "device_code", "invalid_device_authorization_response");
    grant.userCode = json::requiredString(*body, "user_code", "invalid_device_authorization_response");
    grant.verificationUri = json::requiredString(*body, "verification_uri", "invalid_device_authorization_response");
    grant.verificationUriComplete = json::optionalString(*body, "verification_uri_complete").value_or("");
    const auto expiresIn = json::optionalNumber(*body, "expires_in");
    if (!expiresIn || *expiresIn <= 0 || *expiresIn > maxDeviceCodeLifetime.count()) {
        throw ProtocolError("invalid_device_authorization_response", "expires_in missing or out of range");
    }
    grant.expiresIn = std::chrono::seconds(*expiresIn);
    // §3.2: "If no value is provided, clients MUST use 5 as the default."
    const long long interval = json::optionalNumber(*body, "interval").value_or(5);
    if (interval > maxDevicePollInterval.count()) {
        throw ProtocolError("invalid_device_authorization_response", "interval " + std::to_string(interval) + " is out of range");
    }
    grant.interval = std::chrono::seconds(std::max<long long>(1, interval));
    // The verification URI is shown to the user (§3.3), who types a password there on another
    // device: only an https address is accepted, as for every page the user signs in at.
    for (const std::string* uri : {&grant.verificationUri, &grant.verificationUriComplete}) {
        if (uri->empty()) continue;
        if (uri->rfind("https://", 0) != 0) {
            throw ProtocolError("invalid_device_authorization_response", "verification URI is not https");
        }
    }
    log::get("oauth").information("device authorization: user code issued, expires in %d s, poll every %d s",
                                  static_cast<int>(grant.expiresIn.count()), static_cast<int>(grant.interval.count()));
    return grant;
}

TokenSet TokenClient::exchangeDeviceCode(const std::string& deviceCode, const DpopKey* dpop) {
    const auto metadata = discovery_.metadata();
    HttpResponse response = postForm(metadata.tokenEndpoint, withResources({{"grant_type", "urn:ietf:params:oauth:grant-type:device_code"},
                                                                           {"device_code", deviceCode},
                                                                           {"client_id", clientId_}}),
                                     {}, dpop);
    if (response.status != 200) throw TokenResponse::error(response, "complete the sign-in on another device");
    return grantedTokens(response, "device_code", dpop);
}

TokenSet TokenClient::refresh(const std::string& refreshToken, const DpopKey* dpop) {
    const auto metadata = discovery_.metadata();
    HttpResponse response = postForm(metadata.tokenEndpoint, withResources({{"grant_type", "refresh_token"},
                                                                           {"refresh_token", refreshToken},
                                                                           {"client_id", clientId_}}),
                                     {}, dpop);
    if (response.status != 200) {
        ServerError error = TokenResponse::error(response, "renew the session");
        // RFC 9449 §8: still asking for a nonce after the one retry is a misbehaving server, not a
        // refused refresh token: the session is kept.
        if (error.code() == "use_dpop_nonce") throw ServerError(std::move(error));
        // RFC 6749 §5.2: the token endpoint refuses a grant with 400 (401 when the client could not
        // be authenticated). Whatever the code, or with no readable body at all (Glewlwyd answers an
        // expired, revoked or replayed refresh token with 400 and an empty body), this refresh
        // token will not work again: the session is over. 429, 5xx and network failures may pass
        // with a retry, so they stay errors and the session is kept.
        if (error.httpStatus() == 400 || error.httpStatus() == 401) {
            throw LoginRequired("refresh refused: " + error.details());
        }
        throw ServerError(std::move(error));
    }
    TokenSet tokens = grantedTokens(response, "refresh_token", dpop);
    if (tokens.refreshToken.empty()) tokens.refreshToken = refreshToken;
    return tokens;
}

bool TokenClient::revoke(const std::string& token, const std::string& hint, const std::string& bearerToken,
                         const DpopKey* dpop) {
    const auto metadata = discovery_.metadata();
    if (metadata.revocationEndpoint.empty()) {
        log::get("oauth").warning("the server has no revocation endpoint; nothing was revoked, the token will simply expire");
        return false;
    }
    HeaderList headers;
    if (!bearerToken.empty()) headers.emplace_back("Authorization", std::string(dpop ? "DPoP " : "Bearer ") + bearerToken);
    HttpResponse response = postForm(metadata.revocationEndpoint,
                                     {{"token", token}, {"token_type_hint", hint}, {"client_id", clientId_}}, headers,
                                     dpop, dpop ? bearerToken : std::string{});
    // RFC 7009 §2.2: 200 also for tokens that were already invalid.
    if (response.status != 200) throw TokenResponse::error(response, "end the session");
    return true;
}

PushedRequest TokenClient::pushAuthorizationRequest(const HeaderList& parameters, CancelSignal* cancel) {
    const auto metadata = discovery_.metadata(cancel);
    if (metadata.pushedAuthorizationRequestEndpoint.empty()) throw ParUnsupported();
    const HttpResponse response =
        postForm(metadata.pushedAuthorizationRequestEndpoint, parameters, {}, nullptr, {}, cancel);
    PushedRequest pushed = PushedAuthorization::parse(response);
    log::get("oauth").information("authorization request pushed (RFC 9126), its request_uri expires in %d s",
                                  static_cast<int>(pushed.expiresIn.count()));
    return pushed;
}

Poco::JSON::Object::Ptr TokenClient::userinfo(const std::string& accessToken, const DpopKey* dpop) {
    const auto metadata = discovery_.metadata();
    if (metadata.userinfoEndpoint.empty()) {
        throw ProtocolError("no_userinfo_endpoint", "the server advertises no userinfo endpoint");
    }
    HttpRequest request;
    request.url = metadata.userinfoEndpoint;
    request.headers.emplace_back("Authorization", std::string(dpop ? "DPoP " : "Bearer ") + accessToken);
    request.headers.emplace_back("Accept", "application/json");
    request.maxResponseBytes = limits::userinfoBytes;
    HttpResponse response = send(request, dpop, accessToken);
    if (response.status == 401) {
        throw ServerError("invalid_token", 401, "The session is no longer accepted by the sign-in server.",
                          "userinfo answered 401");
    }
    if (response.status != 200) throw TokenResponse::error(response, "tell who is signed in");
    return json::parseObject(response.body, "invalid_userinfo");
}

}  // namespace deskauth
