#pragma once
// The desktop app's settings, loaded from a JSON file (config/desktop.json) with the platform's
// locked policies merged over it (config/PolicySources.h, config/SettingsLayers.h), and validated
// as a whole: a missing, mistyped, unknown or out-of-range field fails with a ConfigurationError that
// names the field and the file (or policy) that set it. Relative paths are resolved against the
// folder of the file that gave them.
// Threads: load() blocks on reading the file; the result is an immutable value that every thread
// may read.
#include "config/AuthorizationSettings.h"
#include "config/NetworkSettings.h"
#include "config/SettingsLayers.h"

#include <string>
#include <vector>

namespace deskauth {

struct PortRange {
    int first = 8001;
    int last = 8003;
};

// The choices of the configuration, as types: the JSON names ("loopback", "private-uri", ...) are
// read and written only by Configuration and toString().
enum class RedirectMode { Loopback, PrivateUri };  // redirect.mode: RFC 8252 §7.3 or §7.1
enum class DeviceFlow { Off, Offered };            // oauth.deviceFlow: RFC 8628 offered or not
enum class LogoutMode { Basic, Oidc };             // oauth.logoutMode: RFC 7009 only, or also end-session
enum class RevocationAuth { None, Bearer };        // oauth.revocationAuth: client_id only, or also the access token
enum class DpopMode { Off, IfSupported, Required };  // oauth.dpop: RFC 9449 sender-constrained tokens
enum class ParMode { Off, IfSupported, Required };   // oauth.par: RFC 9126 pushed authorization requests

// The name the configuration file uses for each choice.
const char* toString(RedirectMode mode);
const char* toString(DeviceFlow flow);
const char* toString(LogoutMode mode);
const char* toString(RevocationAuth auth);
const char* toString(DpopMode mode);
const char* toString(ParMode mode);

struct Configuration {
    std::string sourceFile;
    SettingsProvenance provenance;  // which file or policy each setting came from

    struct OAuth {
        std::string authority;  // issuer URL, https only
        std::string clientId;
        std::vector<std::string> scopes;
        int loginTimeoutSeconds = 300;
        LogoutMode logoutMode = LogoutMode::Basic;  // "basic" (RFC 7009 revocation) or "oidc" (end-session)
        // How the revocation request (RFC 7009 §2.1) identifies us: "none", client_id in the body
        // (a public client); "bearer", also the access token as Authorization: Bearer, for
        // providers that refuse revocation from an unauthenticated public client (Glewlwyd).
        RevocationAuth revocationAuth = RevocationAuth::None;
        // "offered": sign in on another device (RFC 8628) is offered when the server advertises a
        // device_authorization_endpoint; "off": never.
        DeviceFlow deviceFlow = DeviceFlow::Offered;
        // prompt, loginHint, acrValues, maxAgeSeconds, resource, extraParameters
        AuthorizationSettings authorization;
        // DPoP (RFC 9449): "if-supported" binds the tokens to a key of this machine when the
        // discovery document lists dpop_signing_alg_values_supported with ES256; "required" always
        // does and refuses a token response whose token_type is not DPoP; "off": bearer tokens.
        DpopMode dpop = DpopMode::IfSupported;
        // Pushed authorization requests (RFC 9126): "if-supported" posts the authorization
        // parameters to the pushed_authorization_request_endpoint when discovery has one and gives
        // the browser only client_id + request_uri; "required" refuses a provider without one;
        // "off": the parameters go in the browser's URL.
        ParMode par = ParMode::IfSupported;
    } oauth;

    struct Redirect {
        RedirectMode mode = RedirectMode::Loopback;  // "loopback" or "private-uri"
        PortRange loopbackPorts;
        std::string callbackPath = "/callback";
        std::string logoutCallbackPath = "/logout-callback";
        std::string privateScheme = "com.deskauth.desktop";
    } redirect;

    struct Api {
        std::string baseUrl;  // https only
    } api;

    struct Pages {
        std::string loginSuccess;  // HTML shown in the browser after a login
        std::string loginError;
    } pages;

    ExtraCaSettings tls;  // tls.extraCaFile, tls.extraCaDir
    ProxySettings proxy;  // proxy.url, proxy.noProxy

    struct Http {
        int connectTimeoutSeconds = 10;
        int requestTimeoutSeconds = 30;
    } http;

    struct Log {
        std::string level = "info";
        std::string file;
    } log;

    struct Browser {
        std::string command;  // empty = the platform default (xdg-open, ShellExecute, open)
    } browser;

    struct Storage {
        std::string backend = "auto";  // auto, secret-service, keychain, credential-manager, memory
    } storage;

    struct Ui {
        bool showTesterMenu = true;  // Expire Access Token / Expire Refresh Token
    } ui;

    // The file at `path` with this platform's policies (readPlatformPolicies()) over it: what the
    // app and --diagnose use. Throws ConfigurationError.
    static Configuration load(const std::string& path);
    // The file at `path` with the given policies over it.
    static Configuration load(const std::string& path, const std::vector<SettingsLayer>& policies);
    // One document, no policy. `baseDir` resolves relative paths; `sourceName` names the file in
    // error messages.
    static Configuration parse(const std::string& json, const std::string& sourceName,
                               const std::string& baseDir);
    // The layers merged (the configuration file first), then read as one document.
    static Configuration fromLayers(std::vector<SettingsLayer> layers);
};

}  // namespace deskauth
