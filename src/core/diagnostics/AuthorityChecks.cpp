#include "diagnostics/AuthorityChecks.h"

#include "config/TrailingSlash.h"
#include "errors/Errors.h"
#include "http/ConfiguredTransport.h"
#include "http/ProxyRoute.h"
#include "storage/ProxyLogin.h"
#include "oauth/Discovery.h"
#include "oauth/SecureRandom.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <cstdlib>
#include <memory>

namespace deskauth {
namespace {

constexpr const char* kReach = "Authority reachable";
constexpr const char* kChain = "TLS certificate chain";
constexpr const char* kHostName = "TLS certificate host name";
constexpr const char* kIssuer = "Discovery issuer";
constexpr const char* kEndpoints = "Endpoints";
constexpr const char* kRevocation = "Revocation";
constexpr const char* kClock = "Clock";
// IdTokenValidator's default leeway: beyond it, ID tokens look expired or issued in the future.
constexpr long kLeewaySeconds = 60;

// The CAs every connection trusts: on Windows its ROOT certificate store (http/WindowsRootStore.h).
constexpr const char* systemCas() {
#if defined(_WIN32)
    return "the Windows ROOT certificate store";
#else
    return "the system CAs";
#endif
}

std::string extraCaNames(const Configuration& config) {
    std::string names;
    if (!config.tls.extraCaFile.empty()) names += "tls.extraCaFile (" + config.tls.extraCaFile + ")";
    if (!config.tls.extraCaDir.empty()) names += (names.empty() ? "" : " and ") + ("tls.extraCaDir (" + config.tls.extraCaDir + ")");
    return names;
}

void skip(DiagnosticReport& report, std::initializer_list<const char*> checks, const std::string& why) {
    for (const char* check : checks) report.add({check, CheckStatus::Skipped, why, ""});
}

// Whether the CA source `alone` (the others off) vouches for the certificate of `url`.
bool vouchesAlone(TransportSettings alone, bool system, const std::string& file, const std::string& dir,
                  const std::string& url) {
    alone.trustSystemCAs = system;
    alone.extraCaFile = file;
    alone.extraCaDir = dir;
    try {
        PocoHttpTransport(alone).send({"GET", url, {}, "", ""});
        return true;
    } catch (const Error&) {
        return false;
    }
}

// Which CA source made the chain trusted, each asked alone: the system's, tls.extraCaFile,
// tls.extraCaDir. Only when none does alone (a chain whose certificates are split over both
// extra sources) are both named.
std::string trustedBy(const Configuration& config, const std::string& url) {
    const TransportSettings settings = transportSettings(config, proxyLoginPair);
    if (vouchesAlone(settings, true, {}, {}, url)) return systemCas();
    const std::string& file = config.tls.extraCaFile;
    const std::string& dir = config.tls.extraCaDir;
    if (!file.empty() && !dir.empty()) {
        if (vouchesAlone(settings, false, file, {}, url)) return "tls.extraCaFile (" + file + ")";
        if (vouchesAlone(settings, false, {}, dir, url)) return "tls.extraCaDir (" + dir + ")";
    }
    return extraCaNames(config);
}

// Returns the discovery document when its endpoints are usable (for the checks that follow), else null.
Poco::JSON::Object::Ptr checkIssuerAndEndpoints(const Configuration& config, const std::string& body,
                                                DiagnosticReport& report) {
    Poco::JSON::Object::Ptr document;
    try {
        document = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
    }
    if (!document) {
        report.add({kIssuer, CheckStatus::Problem, "the discovery document is not a JSON object",
                    "check that oauth.authority is the issuer URL of an OpenID Connect provider"});
        skip(report, {kEndpoints, kRevocation}, "needs a discovery document");
        return nullptr;
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
        skip(report, {kRevocation}, "needs a usable discovery document");
        return nullptr;
    }
    try {
        Discovery::parse(body, issuer);  // the app's own rules (e.g. PKCE S256 support)
    } catch (const Error& e) {
        report.add({kEndpoints, CheckStatus::Problem, "the discovery document is refused: " + e.details(),
                    "ask the provider's administrator to enable what is named"});
        skip(report, {kRevocation}, "needs a usable discovery document");
        return nullptr;
    }
    const char* logoutField = config.oauth.logoutMode == LogoutMode::Oidc ? "end_session_endpoint" : "revocation_endpoint";
    if (document->optValue<std::string>(logoutField, "").empty()) {
        report.add({kEndpoints, CheckStatus::Warning,
                    "authorization, token and JWKS endpoints present; no " + std::string(logoutField) +
                        " for oauth.logoutMode '" + toString(config.oauth.logoutMode) + "'",
                    "sign-in works, but Sign Out cannot end the session at the server; try the other oauth.logoutMode"});
        return document;
    }
    std::string device;
    if (config.oauth.deviceFlow == DeviceFlow::Offered) {
        // RFC 8628: sign in on another device is offered only when the server has the endpoint.
        device = document->optValue<std::string>("device_authorization_endpoint", "").empty()
                     ? "; no device_authorization_endpoint, so sign-in on another device is not offered"
                     : "; device_authorization_endpoint present (sign-in on another device offered)";
    }
    report.add({kEndpoints, CheckStatus::Ok, "authorization, token, JWKS and " + std::string(logoutField) + " present" + device, ""});
    return document;
}

// Sign Out revokes the refresh token (RFC 7009). Some providers refuse revocation from a public
// client that sends only its client_id (Glewlwyd answers 401), and Sign Out can then only say that
// the server did not confirm the end of the session. Asked with a random token, which RFC 7009
// §2.2 answers with 200 because an unknown token is not an error: nothing real is revoked.
void checkRevocation(const Configuration& config, HttpTransport& transport, const Poco::JSON::Object& document,
                     DiagnosticReport& report) {
    const std::string endpoint = document.optValue<std::string>("revocation_endpoint", "");
    if (endpoint.empty()) {
        report.add({kRevocation, CheckStatus::Skipped, "the provider has no revocation_endpoint", ""});
        return;
    }
    if (config.oauth.revocationAuth == RevocationAuth::Bearer) {
        report.add({kRevocation, CheckStatus::Skipped,
                    "oauth.revocationAuth is 'bearer': only a signed-in access token can show whether it is accepted", ""});
        return;
    }
    HttpResponse answer;
    try {
        answer = transport.send({"POST", endpoint, {}, "application/x-www-form-urlencoded",
                                 formUrlEncode({{"token", "deskauth-diagnose-" + randomUrlSafeString(24)},
                                                {"token_type_hint", "refresh_token"},
                                                {"client_id", config.oauth.clientId}})});
    } catch (const Error& e) {
        report.add({kRevocation, CheckStatus::Warning, "the revocation endpoint could not be asked: " + e.details(),
                    "Sign Out may not be able to end the session at the server"});
        return;
    }
    if (answer.status == 200) {
        report.add({kRevocation, CheckStatus::Ok, "the revocation endpoint accepts this public client (HTTP 200)", ""});
        return;
    }
    const std::string status = "HTTP " + std::to_string(answer.status);
    if (answer.status == 400 || answer.status == 401 || answer.status == 403) {
        report.add({kRevocation, CheckStatus::Warning,
                    "the revocation endpoint refuses requests from this public client (" + status +
                        "): Sign Out will end the session here but the server will keep the refresh token",
                    "if the provider accepts the access token as authentication (Glewlwyd does), set "
                    "oauth.revocationAuth to \"bearer\"; else ask its administrator to allow revocation for public clients"});
        return;
    }
    report.add({kRevocation, CheckStatus::Warning, "the revocation endpoint answered " + status,
                "Sign Out may not be able to end the session at the server"});
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
        skip(report, {kChain, kHostName, kIssuer, kEndpoints, kRevocation, kClock}, "needs the authority");
        return;
    }
    const std::string how = route.describe();
    const std::string caAdvice = "add the CA that issued the server's certificate with tls.extraCaFile or tls.extraCaDir "
                                 "(in a company network: the corporate root CA, ask your IT department)";

    HttpResponse response;
    std::unique_ptr<PocoHttpTransport> transport;  // kept for the revocation check
    try {
        transport = std::make_unique<PocoHttpTransport>(transportSettings(config, proxyLoginPair));
        response = transport->send({"GET", url, {{"Accept", "application/json"}}, "", ""});
    } catch (const NetworkError& e) {
        switch (e.failure()) {
        case NetworkFailure::UntrustedCertificate:
            report.add({kReach, CheckStatus::Ok, where + " answered, " + how, ""});
            report.add({kChain, CheckStatus::Problem,
                        "the certificate of " + where + " is not trusted by " + std::string(systemCas()) +
                            (extraCaNames(config).empty() ? "" : " nor by " + extraCaNames(config)) + ": " + e.details(),
                        caAdvice});
            skip(report, {kHostName, kIssuer, kEndpoints, kRevocation, kClock}, "needs a trusted connection");
            return;
        case NetworkFailure::WrongHostName:
            report.add({kReach, CheckStatus::Ok, where + " answered, " + how, ""});
            report.add({kChain, CheckStatus::Ok, "trusted", ""});
            report.add({kHostName, CheckStatus::Problem, "the certificate does not name " + uri.getHost() + ": " + e.details(),
                        "use the host name the certificate was issued for in oauth.authority"});
            skip(report, {kIssuer, kEndpoints, kRevocation, kClock}, "needs a trusted connection");
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
        skip(report, {kChain, kHostName, kIssuer, kEndpoints, kRevocation, kClock}, "needs the authority");
        return;
    } catch (const Error& e) {  // TimedOut
        report.add({kReach, CheckStatus::Problem, e.userMessage() + " Tried " + how + ". " + e.details(),
                    "check oauth.authority, the network and any proxy; http.connectTimeoutSeconds sets the limit"});
        skip(report, {kChain, kHostName, kIssuer, kEndpoints, kRevocation, kClock}, "needs the authority");
        return;
    }

    report.add({kReach, CheckStatus::Ok, where + " answered HTTP " + std::to_string(response.status) + ", " + how, ""});
    report.add({kChain, CheckStatus::Ok, "trusted by " + trustedBy(config, url), ""});
    report.add({kHostName, CheckStatus::Ok, "the certificate is valid for " + uri.getHost(), ""});
    if (response.status != 200) {
        report.add({kIssuer, CheckStatus::Problem,
                    "GET " + url + " answered HTTP " + std::to_string(response.status) + " instead of a discovery document",
                    "set oauth.authority to the provider's issuer URL (the one its /.well-known/openid-configuration is under)"});
        skip(report, {kEndpoints, kRevocation}, "needs a discovery document");
    } else if (const auto document = checkIssuerAndEndpoints(config, response.body, report)) {
        checkRevocation(config, *transport, *document, report);
    }
    checkClock(response, report);
}

}  // namespace deskauth
