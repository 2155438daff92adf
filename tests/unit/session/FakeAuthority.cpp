#include "FakeAuthority.h"

#include "support/TestKeys.h"
#include "support/TestPaths.h"

#include <Poco/JSON/Object.h>
#include <Poco/URI.h>

#include <ctime>

namespace deskauth::test {
namespace {

const RsaTestKey& signingKey() {
    static const RsaTestKey key = RsaTestKey::generate("session-k1");
    return key;
}

std::map<std::string, std::string> formOf(const std::string& body) {
    std::map<std::string, std::string> form;
    for (const auto& [key, value] : Poco::URI("x:?" + body).getQueryParameters()) form[key] = value;
    return form;
}

HttpResponse oauthError(const std::string& code) { return jsonResponse(400, R"({"error":")" + code + R"("})"); }

}  // namespace

Configuration FakeAuthority::config(const std::string& redirectMode) {
    return Configuration::parse(
        std::string(R"({"oauth":{"authority":")") + issuer + R"(","clientId":")" + clientId +
            R"(","scopes":["openid","offline_access"]},
            "redirect":{"mode":")" + redirectMode + R"("},
            "api":{"baseUrl":"https://api.example.com"},
            "pages":{"loginSuccess":"resources/pages/login-success.html","loginError":"resources/pages/login-error.html"}})",
        "session-test.json", sourceDir());
}

std::string FakeAuthority::idToken(const std::string& subject, const std::optional<std::string>& nonce,
                                   const std::map<std::string, std::string>& claims) {
    const auto now = static_cast<Poco::Int64>(std::time(nullptr));
    Poco::JWT::Token token;
    token.setType("JWT");
    token.payload().set("iss", std::string(issuer));
    token.payload().set("sub", subject);
    token.payload().set("aud", std::string(clientId));
    token.payload().set("exp", now + 300);
    token.payload().set("iat", now);
    token.payload().set("name", "Alice Smith");
    if (nonce) token.payload().set("nonce", *nonce);
    for (const auto& [name, value] : claims) token.payload().set(name, value);
    return signingKey().sign(token);
}

HttpResponse FakeAuthority::tokens(const std::string& access, const std::string& refresh, const std::string& idToken) {
    Poco::JSON::Object body;
    body.set("access_token", access);
    body.set("token_type", "Bearer");
    body.set("expires_in", 300);
    if (!refresh.empty()) body.set("refresh_token", refresh);
    if (!idToken.empty()) body.set("id_token", idToken);
    return jsonResponse(200, toJson(body));
}

std::map<std::string, std::string> FakeAuthority::queryOf(const std::string& url) {
    std::map<std::string, std::string> query;
    for (const auto& [key, value] : Poco::URI(url).getQueryParameters()) query[key] = value;
    return query;
}

HttpResponse FakeAuthority::handle(const HttpRequest& request) {
    const std::string base = issuer;
    if (request.url == base + "/.well-known/openid-configuration") {
        return jsonResponse(200, R"({"issuer":")" + base + R"(","authorization_endpoint":")" + base +
                                     R"(/auth","token_endpoint":")" + base + R"(/token","jwks_uri":")" + base +
                                     R"(/jwks","revocation_endpoint":")" + base +
                                     R"(/revoke","end_session_endpoint":")" + base +
                                     R"(/logout","device_authorization_endpoint":")" + base + R"(/device")" +
                                     discoveryExtra + "}");
    }
    if (request.url == base + "/jwks") return jsonResponse(200, jwksJson({signingKey().jwk()}));
    if (request.url == base + "/revoke") {
        ++revocations;
        return onRevoke ? onRevoke(formOf(request.body)) : jsonResponse(200, "{}");
    }
    const auto form = formOf(request.body);
    if (request.url == base + "/device") return onDeviceAuthorization ? onDeviceAuthorization(form) : oauthError("invalid_request");
    if (request.url != base + "/token") return jsonResponse(404, "{}");
    const std::string grant = form.count("grant_type") ? form.at("grant_type") : "";
    if (grant == "authorization_code" && onCode) return ++codeGrants, onCode(form);
    if (grant == "refresh_token" && onRefresh) return ++refreshGrants, onRefresh(form);
    if (grant == "urn:ietf:params:oauth:grant-type:device_code" && onDeviceCode) return ++deviceCodeGrants, onDeviceCode(form);
    return oauthError("unsupported_grant_type");
}

}  // namespace deskauth::test
