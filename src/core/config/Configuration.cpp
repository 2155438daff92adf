#include "config/Configuration.h"

#include "config/JsonSection.h"
#include "config/PolicySources.h"
#include "config/SettingsDocument.h"
#include "config/TrailingSlash.h"
#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

namespace deskauth {
namespace {

using Poco::JSON::Object;

void requireHttpsUrl(JsonSection& section, const std::string& field, const std::string& value) {
    try {
        Poco::URI uri(value);
        if (uri.getScheme() != "https" || uri.getHost().empty()) {
            section.fail(field, "must be an https:// URL (TLS is never optional)");
        }
    } catch (const Poco::SyntaxException&) {
        section.fail(field, "is not a valid URL");
    }
}

void requireFile(JsonSection& section, const std::string& field, const std::string& path) {
    if (path.empty()) return;
    Poco::File file(path);
    if (!file.exists() || !file.isFile()) section.fail(field, "names a file that does not exist (" + path + ")");
}

void requireOneOf(JsonSection& section, const std::string& field, const std::string& value,
                  std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* option : allowed) {
        if (value == option) return;
        list += (list.empty() ? "" : ", ") + std::string(option);
    }
    section.fail(field, "must be one of: " + list);
}

// Reads a choice by its configuration name; an unknown name fails with the list of the allowed ones.
template <typename Choice, std::size_t N>
Choice readChoice(JsonSection& section, const std::string& field, Choice fallback,
                  const std::array<Choice, N>& choices) {
    const std::string name = section.string(field, toString(fallback));
    std::string list;
    for (Choice choice : choices) {
        if (name == toString(choice)) return choice;
        list += (list.empty() ? "" : ", ") + std::string(toString(choice));
    }
    section.fail(field, "must be one of: " + list);
    return fallback;
}

}  // namespace

const char* toString(RedirectMode mode) { return mode == RedirectMode::PrivateUri ? "private-uri" : "loopback"; }
const char* toString(DeviceFlow flow) { return flow == DeviceFlow::Offered ? "offered" : "off"; }
const char* toString(LogoutMode mode) { return mode == LogoutMode::Oidc ? "oidc" : "basic"; }
const char* toString(RevocationAuth auth) { return auth == RevocationAuth::Bearer ? "bearer" : "none"; }
const char* toString(DpopMode mode) {
    return mode == DpopMode::Off ? "off" : mode == DpopMode::Required ? "required" : "if-supported";
}

const char* toString(ParMode mode) {
    return mode == ParMode::Off ? "off" : mode == ParMode::Required ? "required" : "if-supported";
}

Configuration Configuration::load(const std::string& path) { return load(path, readPlatformPolicies()); }

Configuration Configuration::load(const std::string& path, const std::vector<SettingsLayer>& policies) {
    std::ifstream in(path);
    if (!in) throw ConfigurationError(path, "(file)", "cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    std::vector<SettingsLayer> layers{{path, Poco::Path(Poco::Path(path).absolute()).parent().toString(),
                                       parseSettingsDocument(text.str(), path)}};
    layers.insert(layers.end(), policies.begin(), policies.end());
    return fromLayers(std::move(layers));
}

Configuration Configuration::parse(const std::string& json, const std::string& sourceName,
                                   const std::string& baseDir) {
    return fromLayers({{sourceName, baseDir, parseSettingsDocument(json, sourceName)}});
}

Configuration Configuration::fromLayers(std::vector<SettingsLayer> layers) {
    auto trail = std::make_shared<SettingsTrail>();
    trail->merged = mergeSettingsLayers(std::move(layers));
    const std::string& sourceName = trail->merged.primarySource;
    const std::string& baseDir = trail->merged.primaryBaseDir;

    Configuration c;
    c.sourceFile = sourceName;
    JsonSection top(trail->merged.document, "", sourceName, trail);

    JsonSection oauth = top.child("oauth");
    c.oauth.authority = oauth.string("authority", "", true);
    requireHttpsUrl(oauth, "authority", c.oauth.authority);
    c.oauth.clientId = oauth.string("clientId", "", true);
    c.oauth.scopes = oauth.strings("scopes", true);
    if (std::find(c.oauth.scopes.begin(), c.oauth.scopes.end(), "openid") == c.oauth.scopes.end()) {
        oauth.fail("scopes", "must include openid");
    }
    c.oauth.loginTimeoutSeconds = oauth.integer("loginTimeoutSeconds", c.oauth.loginTimeoutSeconds, 5, 3600);
    c.oauth.logoutMode = readChoice(oauth, "logoutMode", c.oauth.logoutMode,
                                    std::array{LogoutMode::Basic, LogoutMode::Oidc});
    c.oauth.revocationAuth = readChoice(oauth, "revocationAuth", c.oauth.revocationAuth,
                                        std::array{RevocationAuth::None, RevocationAuth::Bearer});
    c.oauth.deviceFlow = readChoice(oauth, "deviceFlow", c.oauth.deviceFlow,
                                    std::array{DeviceFlow::Off, DeviceFlow::Offered});
    c.oauth.authorization = readAuthorizationSettings(oauth);
    c.oauth.dpop = readChoice(oauth, "dpop", c.oauth.dpop,
                              std::array{DpopMode::Off, DpopMode::IfSupported, DpopMode::Required});
    c.oauth.par = readChoice(oauth, "par", c.oauth.par, std::array{ParMode::Off, ParMode::IfSupported, ParMode::Required});
    oauth.rejectUnknown();

    JsonSection redirect = top.child("redirect");
    c.redirect.mode = readChoice(redirect, "mode", c.redirect.mode,
                                 std::array{RedirectMode::Loopback, RedirectMode::PrivateUri});
    JsonSection ports = redirect.child("loopbackPorts");
    c.redirect.loopbackPorts.first = ports.integer("first", c.redirect.loopbackPorts.first, 1024, 65535);
    c.redirect.loopbackPorts.last = ports.integer("last", c.redirect.loopbackPorts.last, 1024, 65535);
    if (c.redirect.loopbackPorts.last < c.redirect.loopbackPorts.first) {
        ports.fail("last", "must not be below loopbackPorts.first");
    }
    ports.rejectUnknown();
    c.redirect.callbackPath = redirect.string("callbackPath", c.redirect.callbackPath);
    c.redirect.logoutCallbackPath = redirect.string("logoutCallbackPath", c.redirect.logoutCallbackPath);
    for (const auto& [field, value] : {std::pair{"callbackPath", c.redirect.callbackPath},
                                        std::pair{"logoutCallbackPath", c.redirect.logoutCallbackPath}}) {
        if (value.size() < 2 || value[0] != '/') redirect.fail(field, "must be a path such as /callback");
    }
    c.redirect.privateScheme = redirect.string("privateScheme", c.redirect.privateScheme);
    // RFC 8252 §7.1: a private-use scheme is a reverse domain name the app's owner controls.
    if (c.redirect.privateScheme.find('.') == std::string::npos ||
        c.redirect.privateScheme.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-+") != std::string::npos) {
        redirect.fail("privateScheme", "must be a lower-case reverse domain name such as com.example.app");
    }
    redirect.rejectUnknown();

    JsonSection api = top.child("api");
    c.api.baseUrl = api.string("baseUrl", "", true);
    requireHttpsUrl(api, "baseUrl", c.api.baseUrl);
    c.api.baseUrl = withoutTrailingSlashes(c.api.baseUrl);
    api.rejectUnknown();

    JsonSection pages = top.child("pages");
    c.pages.loginSuccess = pages.resolvePath("loginSuccess", pages.string("loginSuccess", "", true), baseDir);
    requireFile(pages, "loginSuccess", c.pages.loginSuccess);
    c.pages.loginError = pages.resolvePath("loginError", pages.string("loginError", "", true), baseDir);
    requireFile(pages, "loginError", c.pages.loginError);
    pages.rejectUnknown();

    JsonSection tls = top.child("tls");
    c.tls = readExtraCaSettings(tls, baseDir);
    tls.rejectUnknown();

    c.proxy = readProxySettings(top.child("proxy"));

    JsonSection http = top.child("http");
    c.http.connectTimeoutSeconds = http.integer("connectTimeoutSeconds", c.http.connectTimeoutSeconds, 1, 300);
    c.http.requestTimeoutSeconds = http.integer("requestTimeoutSeconds", c.http.requestTimeoutSeconds, 1, 600);
    http.rejectUnknown();

    JsonSection logSection = top.child("log");
    c.log.level = logSection.string("level", c.log.level);
    try {
        log::parseLevel(c.log.level);
    } catch (const std::invalid_argument&) {
        logSection.fail("level", "must be one of: error, warning, info, debug, trace");
    }
    c.log.file = logSection.resolvePath("file", logSection.string("file", ""), baseDir);
    logSection.rejectUnknown();

    JsonSection browser = top.child("browser");
    c.browser.command = browser.string("command", "");
    browser.rejectUnknown();

    JsonSection storage = top.child("storage");
    c.storage.backend = storage.string("backend", c.storage.backend);
    requireOneOf(storage, "backend", c.storage.backend,
                 {"auto", "secret-service", "keychain", "credential-manager", "memory"});
    storage.rejectUnknown();

    JsonSection ui = top.child("ui");
    c.ui.showTesterMenu = ui.boolean("showTesterMenu", c.ui.showTesterMenu);
    ui.rejectUnknown();

    top.rejectUnknown();
    c.provenance = trail->provenance();
    return c;
}

}  // namespace deskauth
