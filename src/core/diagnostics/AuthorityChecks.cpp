#include "diagnostics/AuthorityChecks.h"

#include "config/TrailingSlash.h"
#include "errors/Errors.h"
#include "http/ConfiguredTransport.h"
#include "http/ProxyRoute.h"
#include "storage/ProxyLogin.h"
#include "oauth/Discovery.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <cstdlib>

namespace deskauth {
namespace {

constexpr const char* kReach = "Authority reachable";
constexpr const char* kChain = "TLS certificate chain";
constexpr const char* kHostName = "TLS certificate host name";
constexpr const char* kIssuer = "Discovery issuer";
constexpr const char* kEndpoints = "Endpoints";
constexpr const char* kClock = "Clock";
// IdTokenValidator's default leeway: beyond it, ID tokens look expired or issued in the future.
constexpr long kLeewaySeconds = 60;

std::string extraCaNames(const Configuration& config) {
    std::string names;
    if (!config.tls.extraCaFile.empty()) names += "tls.extraCaFile (" + config.tls.extraCaFile + ")";
    if (!config.tls.extraCaDir.empty()) names += (names.empty() ? "" : " and ") + ("tls.extraCaDir (" + config.tls.extraCaDir + ")");
    return names;
}

void skip(DiagnosticReport& report, std::initializer_list<const char*> checks, const std::string& why) {
    for (const char* check : checks) report.add({check, CheckStatus::Skipped, why, ""});
}

// Which CA made the chain trusted: the system's, or our extra ones (asked with the system CAs off).
std::string trustedBy(const Configuration& config, const std::string& url) {
    TransportSettings systemOnly = transportSettings(config, proxyLoginPair);
    systemOnly.extraCaFile.clear();
    systemOnly.extraCaDir.clear();
    try {
        PocoHttpTransport(systemOnly).send({"GET", url, {}, "", ""});
        return "the system CAs";
    } catch (const Error&) {
        return extraCaNames(config);
    }
}

void checkIssuerAndEndpoints(const Configuration& config, const std::string& body, DiagnosticReport& report) {
    Poco::JSON::Object::Ptr document;
    try {
        document = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
    }
    if (!document) {
        report.add({kIssuer, CheckStatus::Problem, "the discovery document is not a JSON object",
                    "check that oauth.authority is the issuer URL of an OpenID Connect provider"});
        skip(report, {kEndpoints}, "needs a discovery document");
        return;
    }
    const std::string issuer = document->optValue<std::string>("issuer", "");
    try {
        Discovery::requireIssuer(issuer, config.oauth.authority);  // the app's rule, trailing '/' included
        report.add({kIssuer, CheckStatus::Ok, "'" + issuer + "' matches oauth.authority", ""});
    } catch (const IssuerMismatchError&) {
        report.add({kIssuer, CheckStatus::Problem,
                    "the server says its issuer is '" + issuer + "', but oauth.authority is '" + config.oauth.authority + "'",
                    "set oauth.authority to exactly '" + issuer + "' (scheme, host, port, path and a trailing '/' must match)"});
    }

    std::string missing;
    for (const char* field : {"authorization_endpoint", "token_endpoint", "jwks_uri"}) {
        if (document->optValue<std::string>(field, "").empty()) missing += (missing.empty() ? "" : ", ") + std::string(field);
    }
    if (!missing.empty()) {
        report.add({kEndpoints, CheckStatus::Problem, "the discovery document lacks " + missing,
                    "this provider does not offer what an OpenID Connect desktop client needs; ask its administrator"});
        return;
    }
    try {
        Discovery::parse(body, issuer);  // the app's own rules (e.g. PKCE S256 support)
    } catch (const Error& e) {
        report.add({kEndpoints, CheckStatus::Problem, "the discovery document is refused: " + e.details(),
                    "ask the provider's administrator to enable what is named"});
        return;
    }
    const char* logoutField = config.oauth.logoutMode == LogoutMode::Oidc ? "end_session_endpoint" : "revocation_endpoint";
    if (document->optValue<std::string>(logoutField, "").empty()) {
        report.add({kEndpoints, CheckStatus::Warning,
                    "authorization, token and JWKS endpoints present; no " + std::string(logoutField) +
                        " for oauth.logoutMode '" + toString(config.oauth.logoutMode) + "'",
                    "sign-in works, but Sign Out cannot end the session at the server; try the other oauth.logoutMode"});
        return;
    }
    std::string device;
    if (config.oauth.deviceFlow == DeviceFlow::Offered) {
        // RFC 8628: sign in on another device is offered only when the server has the endpoint.
        device = document->optValue<std::string>("device_authorization_endpoint", "").empty()
                     ? "; no device_authorization_endpoint, so sign-in on another device is not offered"
                     : "; device_authorization_endpoint present (sign-in on another device offered)";
    }
    report.add({kEndpoints, CheckStatus::Ok, "authorization, token, JWKS and " + std::string(logoutField) + " present" + device, ""});
}

void checkClock(const HttpResponse& response, DiagnosticReport& report) {
    const std::string date = response.header("Date");
    if (date.empty()) {
        report.add({kClock, CheckStatus::Warning, "the server sent no Date header, so the clock could not be compared",
                    "make sure this computer's clock is set automatically (NTP)"});
        return;
    }
    Poco::Timestamp server;
    try {
        int zone = 0;
        server = Poco::DateTimeParser::parse(Poco::DateTimeFormat::HTTP_FORMAT, date, zone).timestamp();
    } catch (const Poco::SyntaxException&) {
        report.add({kClock, CheckStatus::Warning, "the server's Date header '" + date + "' could not be read", ""});
        return;
    }
    const long skew = static_cast<long>((Poco::Timestamp() - server) / Poco::Timestamp::resolution());
    const std::string finding = "this computer's clock is " + std::to_string(std::labs(skew)) + " s " +
                                (skew >= 0 ? "ahead of" : "behind") + " the server's";
    if (std::labs(skew) > kLeewaySeconds) {
        report.add({kClock, CheckStatus::Problem, finding + " (more than the " + std::to_string(kLeewaySeconds) + " s allowed)",
                    "set the clock automatically (NTP); ID tokens would be refused as expired or not yet valid"});
    } else {
        report.add({kClock, CheckStatus::Ok, finding, ""});
    }
}

}  // namespace

void checkAuthority(const Configuration& config, DiagnosticReport& report) {
    const std::string authority = withoutTrailingSlashes(config.oauth.authority);
    const std::string url = authority + "/.well-known/openid-configuration";
    const Poco::URI uri(authority);
    const std::string where = uri.getHost() + ":" + std::to_string(uri.getPort());
    ProxyRoute route;
    try {
        route = chooseProxy(config.proxy.url, config.proxy.noProxy, uri.getHost());
    } catch (const NetworkError& e) {
        report.add({kReach, CheckStatus::Problem, e.userMessage() + " " + e.details(), "fix proxy.url or HTTPS_PROXY"});
        skip(report, {kChain, kHostName, kIssuer, kEndpoints, kClock}, "needs the authority");
        return;
    }
    const std::string how = route.describe();
    const std::string caAdvice = "add the CA that issued the server's certificate with tls.extraCaFile or tls.extraCaDir "
                                 "(in a company network: the corporate root CA, ask your IT department)";

    HttpResponse response;
    try {
        PocoHttpTransport transport(transportSettings(config, proxyLoginPair));
        response = transport.send({"GET", url, {{"Accept", "application/json"}}, "", ""});
    } catch (const NetworkError& e) {
        switch (e.failure()) {
        case NetworkFailure::UntrustedCertificate:
            report.add({kReach, CheckStatus::Ok, where + " answered, " + how, ""});
            report.add({kChain, CheckStatus::Problem,
                        "the certificate of " + where + " is not trusted by the system CAs" +
                            (extraCaNames(config).empty() ? "" : " nor by " + extraCaNames(config)) + ": " + e.details(),
                        caAdvice});
            skip(report, {kHostName, kIssuer, kEndpoints, kClock}, "needs a trusted connection");
            return;
        case NetworkFailure::WrongHostName:
            report.add({kReach, CheckStatus::Ok, where + " answered, " + how, ""});
            report.add({kChain, CheckStatus::Ok, "trusted", ""});
            report.add({kHostName, CheckStatus::Problem, "the certificate does not name " + uri.getHost() + ": " + e.details(),
                        "use the host name the certificate was issued for in oauth.authority"});
            skip(report, {kIssuer, kEndpoints, kClock}, "needs a trusted connection");
            return;
        case NetworkFailure::Proxy:
            report.add({kReach, CheckStatus::Problem, e.userMessage() + " Tried " + how + ". " + e.details(),
                        "check proxy.url / HTTPS_PROXY and NO_PROXY, and that the proxy allows CONNECT to " + where +
                            "; a proxy that asks for a login gets it from the secret store (docs/configuration.md)"});
            break;
        default:
            report.add({kReach, CheckStatus::Problem, e.userMessage() + " Tried " + how + ". " + e.details(),
                        "check oauth.authority (" + config.oauth.authority + "), that the server is running, and any "
                        "firewall or proxy in between"});
        }
        skip(report, {kChain, kHostName, kIssuer, kEndpoints, kClock}, "needs the authority");
        return;
    } catch (const Error& e) {  // TimedOut
        report.add({kReach, CheckStatus::Problem, e.userMessage() + " Tried " + how + ". " + e.details(),
                    "check oauth.authority, the network and any proxy; http.connectTimeoutSeconds sets the limit"});
        skip(report, {kChain, kHostName, kIssuer, kEndpoints, kClock}, "needs the authority");
        return;
    }

    report.add({kReach, CheckStatus::Ok, where + " answered HTTP " + std::to_string(response.status) + ", " + how, ""});
    report.add({kChain, CheckStatus::Ok, "trusted by " + trustedBy(config, url), ""});
    report.add({kHostName, CheckStatus::Ok, "the certificate is valid for " + uri.getHost(), ""});
    if (response.status != 200) {
        report.add({kIssuer, CheckStatus::Problem,
                    "GET " + url + " answered HTTP " + std::to_string(response.status) + " instead of a discovery document",
                    "set oauth.authority to the provider's issuer URL (the one its /.well-known/openid-configuration is under)"});
        skip(report, {kEndpoints}, "needs a discovery document");
    } else {
        checkIssuerAndEndpoints(config, response.body, report);
    }
    checkClock(response, report);
}

}  // namespace deskauth
