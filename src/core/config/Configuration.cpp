#include "config/Configuration.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/File.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

namespace deskauth {
namespace {

using Poco::JSON::Object;

// Reads one JSON object, field by field, and rejects fields it was never asked about so that a
// misspelt key is reported instead of silently ignored.
class Section {
public:
    Section(const Object::Ptr& object, std::string path, const std::string& file)
        : object_(object), path_(std::move(path)), file_(file) {}

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw ConfigurationError(file_, qualified(field), problem);
    }

    std::string qualified(const std::string& field) const { return path_.empty() ? field : path_ + "." + field; }

    bool has(const std::string& field) {
        known_.insert(field);
        return object_ && object_->has(field) && !object_->isNull(field);
    }

    std::string string(const std::string& field, const std::string& fallback, bool required = false) {
        if (!has(field)) {
            if (required) fail(field, "is missing");
            return fallback;
        }
        auto value = object_->get(field);
        if (!value.isString()) fail(field, "must be a string");
        std::string text = value.toString();
        if (required && text.empty()) fail(field, "must not be empty");
        return text;
    }

    int integer(const std::string& field, int fallback, int min, int max) {
        if (!has(field)) return fallback;
        auto value = object_->get(field);
        if (!value.isInteger()) fail(field, "must be a whole number");
        int number = value.convert<int>();
        if (number < min || number > max) {
            fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
        return number;
    }

    bool boolean(const std::string& field, bool fallback) {
        if (!has(field)) return fallback;
        auto value = object_->get(field);
        if (!value.isBoolean()) fail(field, "must be true or false");
        return value.convert<bool>();
    }

    std::vector<std::string> strings(const std::string& field, bool required) {
        if (!has(field)) {
            if (required) fail(field, "is missing");
            return {};
        }
        auto array = object_->getArray(field);
        if (!array) fail(field, "must be an array of strings");
        std::vector<std::string> out;
        for (std::size_t i = 0; i < array->size(); ++i) {
            if (!array->get(i).isString()) fail(field, "must be an array of strings");
            out.push_back(array->get(i).toString());
        }
        return out;
    }

    Section child(const std::string& field) {
        if (!has(field)) return Section(nullptr, qualified(field), file_);
        auto object = object_->getObject(field);
        if (!object) fail(field, "must be an object");
        return Section(object, qualified(field), file_);
    }

    void rejectUnknown() const {
        if (!object_) return;
        for (const auto& [name, value] : *object_) {
            if (!known_.count(name)) fail(name, "is not a known setting");
        }
    }

private:
    Object::Ptr object_;
    std::string path_;
    const std::string& file_;
    std::set<std::string> known_;
};

std::string resolvePath(const std::string& value, const std::string& baseDir) {
    if (value.empty()) return value;
    Poco::Path path(value);
    if (path.isAbsolute()) return path.toString();
    return Poco::Path(Poco::Path::forDirectory(baseDir)).resolve(path).toString();
}

void requireHttpsUrl(Section& section, const std::string& field, const std::string& value) {
    try {
        Poco::URI uri(value);
        if (uri.getScheme() != "https" || uri.getHost().empty()) {
            section.fail(field, "must be an https:// URL (TLS is never optional)");
        }
    } catch (const Poco::SyntaxException&) {
        section.fail(field, "is not a valid URL");
    }
}

void requireFile(Section& section, const std::string& field, const std::string& path) {
    if (path.empty()) return;
    Poco::File file(path);
    if (!file.exists() || !file.isFile()) section.fail(field, "names a file that does not exist (" + path + ")");
}

void requireOneOf(Section& section, const std::string& field, const std::string& value,
                  std::initializer_list<const char*> allowed) {
    std::string list;
    for (const char* option : allowed) {
        if (value == option) return;
        list += (list.empty() ? "" : ", ") + std::string(option);
    }
    section.fail(field, "must be one of: " + list);
}

}  // namespace

Configuration Configuration::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigurationError(path, "(file)", "cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    std::string baseDir = Poco::Path(Poco::Path(path).absolute()).parent().toString();
    return parse(text.str(), path, baseDir);
}

Configuration Configuration::parse(const std::string& json, const std::string& sourceName,
                                   const std::string& baseDir) {
    Object::Ptr root;
    try {
        root = Poco::JSON::Parser().parse(json).extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw ConfigurationError(sourceName, "(JSON)", "is not valid JSON: " + e.message());
    } catch (const std::exception&) {
        throw ConfigurationError(sourceName, "(JSON)", "must be a JSON object");
    }

    Configuration c;
    c.sourceFile = sourceName;
    Section top(root, "", sourceName);

    Section oauth = top.child("oauth");
    c.oauth.authority = oauth.string("authority", "", true);
    requireHttpsUrl(oauth, "authority", c.oauth.authority);
    c.oauth.clientId = oauth.string("clientId", "", true);
    c.oauth.scopes = oauth.strings("scopes", true);
    if (std::find(c.oauth.scopes.begin(), c.oauth.scopes.end(), "openid") == c.oauth.scopes.end()) {
        oauth.fail("scopes", "must include openid");
    }
    c.oauth.loginTimeoutSeconds = oauth.integer("loginTimeoutSeconds", c.oauth.loginTimeoutSeconds, 5, 3600);
    c.oauth.logoutMode = oauth.string("logoutMode", c.oauth.logoutMode);
    requireOneOf(oauth, "logoutMode", c.oauth.logoutMode, {"basic", "oidc"});
    oauth.rejectUnknown();

    Section redirect = top.child("redirect");
    c.redirect.mode = redirect.string("mode", c.redirect.mode);
    requireOneOf(redirect, "mode", c.redirect.mode, {"loopback", "private-uri"});
    Section ports = redirect.child("loopbackPorts");
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

    Section api = top.child("api");
    c.api.baseUrl = api.string("baseUrl", "", true);
    requireHttpsUrl(api, "baseUrl", c.api.baseUrl);
    while (!c.api.baseUrl.empty() && c.api.baseUrl.back() == '/') c.api.baseUrl.pop_back();
    api.rejectUnknown();

    Section pages = top.child("pages");
    c.pages.loginSuccess = resolvePath(pages.string("loginSuccess", "", true), baseDir);
    requireFile(pages, "loginSuccess", c.pages.loginSuccess);
    c.pages.loginError = resolvePath(pages.string("loginError", "", true), baseDir);
    requireFile(pages, "loginError", c.pages.loginError);
    pages.rejectUnknown();

    Section tls = top.child("tls");
    c.tls.extraCaFile = resolvePath(tls.string("extraCaFile", ""), baseDir);
    requireFile(tls, "extraCaFile", c.tls.extraCaFile);
    tls.rejectUnknown();

    Section proxy = top.child("proxy");
    c.proxy.url = proxy.string("url", "");
    if (!c.proxy.url.empty()) {
        try {
            Poco::URI uri(c.proxy.url);
            if (uri.getScheme() != "http" || uri.getHost().empty()) proxy.fail("url", "must be http://host:port");
        } catch (const Poco::SyntaxException&) {
            proxy.fail("url", "is not a valid URL");
        }
    }
    c.proxy.noProxy = proxy.string("noProxy", "");
    proxy.rejectUnknown();

    Section http = top.child("http");
    c.http.connectTimeoutSeconds = http.integer("connectTimeoutSeconds", c.http.connectTimeoutSeconds, 1, 300);
    c.http.requestTimeoutSeconds = http.integer("requestTimeoutSeconds", c.http.requestTimeoutSeconds, 1, 600);
    http.rejectUnknown();

    Section logSection = top.child("log");
    c.log.level = logSection.string("level", c.log.level);
    try {
        log::parseLevel(c.log.level);
    } catch (const std::invalid_argument&) {
        logSection.fail("level", "must be one of: error, warning, info, debug, trace");
    }
    c.log.file = resolvePath(logSection.string("file", ""), baseDir);
    logSection.rejectUnknown();

    Section browser = top.child("browser");
    c.browser.command = browser.string("command", "");
    browser.rejectUnknown();

    Section storage = top.child("storage");
    c.storage.backend = storage.string("backend", c.storage.backend);
    requireOneOf(storage, "backend", c.storage.backend,
                 {"auto", "secret-service", "keychain", "credential-manager", "memory"});
    storage.rejectUnknown();

    Section ui = top.child("ui");
    c.ui.showTesterMenu = ui.boolean("showTesterMenu", c.ui.showTesterMenu);
    ui.rejectUnknown();

    top.rejectUnknown();
    return c;
}

}  // namespace deskauth
