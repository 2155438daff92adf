#include "ApiConfiguration.h"

#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/File.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

#include <fstream>
#include <sstream>

namespace deskauth::api {
namespace {

using Poco::JSON::Object;

// One JSON object of the file, read field by field; fields never asked about are reported as
// unknown, so a misspelt key is an error instead of a silently ignored setting.
class Section {
public:
    Section(Object::Ptr object, std::string path, const std::string& file)
        : object_(std::move(object)), path_(std::move(path)), file_(file) {}

    [[noreturn]] void fail(const std::string& field, const std::string& problem) const {
        throw ConfigurationError(file_, path_.empty() ? field : path_ + "." + field, problem);
    }

    bool has(const std::string& field) {
        known_.insert(field);
        return object_ && object_->has(field) && !object_->isNull(field);
    }

    std::string string(const std::string& field, const std::string& fallback, bool required = false) {
        if (!has(field)) {
            if (required) fail(field, "is missing");
            return fallback;
        }
        if (!object_->get(field).isString()) fail(field, "must be a string");
        std::string value = object_->get(field).toString();
        if (required && value.empty()) fail(field, "must not be empty");
        return value;
    }

    int integer(const std::string& field, int fallback, int min, int max) {
        if (!has(field)) return fallback;
        if (!object_->get(field).isInteger()) fail(field, "must be a whole number");
        const auto value = object_->get(field).convert<long long>();
        if (value < min || value > max) {
            fail(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
        }
        return static_cast<int>(value);
    }

    std::set<std::string> strings(const std::string& field, const std::set<std::string>& fallback) {
        if (!has(field)) return fallback;
        auto array = object_->getArray(field);
        if (!array || array->size() == 0) fail(field, "must be a non-empty array of strings");
        std::set<std::string> out;
        for (std::size_t i = 0; i < array->size(); ++i) {
            if (!array->get(i).isString()) fail(field, "must be a non-empty array of strings");
            out.insert(array->get(i).toString());
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
    std::string qualified(const std::string& field) const { return path_.empty() ? field : path_ + "." + field; }

    Object::Ptr object_;
    std::string path_;
    const std::string& file_;
    std::set<std::string> known_;
};

std::string resolve(const std::string& value, const std::string& baseDir) {
    if (value.empty()) return value;
    Poco::Path path(value);
    if (path.isAbsolute()) return path.toString();
    return Poco::Path(Poco::Path::forDirectory(baseDir)).resolve(path).toString();
}

std::string existingFile(Section& section, const std::string& field, const std::string& path, const std::string& hint) {
    if (path.empty()) return path;
    Poco::File file(path);
    if (!file.exists() || !file.isFile()) section.fail(field, "names a file that does not exist (" + path + ")" + hint);
    return path;
}

}  // namespace

void ApiConfiguration::requireHttpsIssuer(const std::string& issuer, const std::string& source) {
    try {
        Poco::URI uri(issuer);
        if (uri.getScheme() == "https" && !uri.getHost().empty()) return;
    } catch (const Poco::SyntaxException&) {
    }
    throw ConfigurationError(source, "oauth.issuer", "must be an https:// URL (TLS is never optional)");
}

ApiConfiguration ApiConfiguration::load(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw ConfigurationError(path, "(file)", "cannot be read");
    std::stringstream text;
    text << in.rdbuf();
    return parse(text.str(), path, Poco::Path(Poco::Path(path).absolute()).parent().toString());
}

ApiConfiguration ApiConfiguration::parse(const std::string& json, const std::string& sourceName,
                                         const std::string& baseDir) {
    Object::Ptr root;
    try {
        auto parsed = Poco::JSON::Parser().parse(json);
        if (parsed.type() == typeid(Object::Ptr)) root = parsed.extract<Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw ConfigurationError(sourceName, "(file)", "is not valid JSON (" + e.message() + ")");
    }
    if (!root) throw ConfigurationError(sourceName, "(file)", "must hold a JSON object");

    ApiConfiguration config;
    config.sourceFile = sourceName;
    Section top(root, "", sourceName);
    const std::string certsHint = "; run scripts/dev-certs to create the development certificates";

    Section server = top.child("server");
    config.server.port = server.integer("port", config.server.port, 0, 65535);
    config.server.certificateFile = existingFile(
        server, "certificateFile", resolve(server.string("certificateFile", "", true), baseDir), certsHint);
    config.server.privateKeyFile = existingFile(
        server, "privateKeyFile", resolve(server.string("privateKeyFile", "", true), baseDir), certsHint);
    config.server.maxThreads = server.integer("maxThreads", config.server.maxThreads, 2, 1000);
    config.server.requestTimeoutSeconds = server.integer("requestTimeoutSeconds", config.server.requestTimeoutSeconds, 1, 300);
    config.server.keepAliveTimeoutSeconds =
        server.integer("keepAliveTimeoutSeconds", config.server.keepAliveTimeoutSeconds, 1, 300);
    server.rejectUnknown();

    Section oauth = top.child("oauth");
    config.oauth.issuer = oauth.string("issuer", "", true);
    requireHttpsIssuer(config.oauth.issuer, sourceName);
    config.oauth.audience = oauth.string("audience", config.oauth.audience);
    if (config.oauth.audience.empty()) oauth.fail("audience", "must not be empty");
    config.oauth.requiredScope = oauth.string("requiredScope", config.oauth.requiredScope);
    if (config.oauth.requiredScope.empty()) oauth.fail("requiredScope", "must not be empty");
    config.oauth.validation = oauth.string("validation", config.oauth.validation);
    if (config.oauth.validation != "jwt" && config.oauth.validation != "introspection") {
        oauth.fail("validation", "must be one of: jwt, introspection");
    }
    config.oauth.algorithms = oauth.strings("algorithms", config.oauth.algorithms);
    for (const auto& alg : config.oauth.algorithms) {
        // RFC 8725 §3.1: an allow-list of asymmetric algorithms; never "none", never HMAC.
        static const std::set<std::string> allowed{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"};
        if (!allowed.count(alg)) oauth.fail("algorithms", "may only list RS256/384/512 and ES256/384/512, not '" + alg + "'");
    }
    config.oauth.clockSkewSeconds = oauth.integer("clockSkewSeconds", config.oauth.clockSkewSeconds, 0, 300);
    config.oauth.jwksRefetchIntervalSeconds =
        oauth.integer("jwksRefetchIntervalSeconds", config.oauth.jwksRefetchIntervalSeconds, 0, 3600);
    Section introspection = oauth.child("introspection");
    const bool introspects = config.oauth.validation == "introspection";
    config.oauth.introspectionClientId = introspection.string("clientId", "", introspects);
    config.oauth.introspectionClientSecret = introspection.string("clientSecret", "", introspects);
    introspection.rejectUnknown();
    oauth.rejectUnknown();

    Section cache = top.child("claimsCache");
    config.claimsCache.maxEntries = cache.integer("maxEntries", config.claimsCache.maxEntries, 1, 1000000);
    cache.rejectUnknown();

    Section tls = top.child("tls");
    config.tls.extraCaFile =
        existingFile(tls, "extraCaFile", resolve(tls.string("extraCaFile", ""), baseDir), certsHint);
    tls.rejectUnknown();

    Section http = top.child("http");
    config.http.connectTimeoutSeconds = http.integer("connectTimeoutSeconds", config.http.connectTimeoutSeconds, 1, 60);
    config.http.requestTimeoutSeconds = http.integer("requestTimeoutSeconds", config.http.requestTimeoutSeconds, 1, 120);
    http.rejectUnknown();

    Section data = top.child("data");
    config.data.directory = resolve(data.string("directory", "", true), baseDir);
    if (!Poco::File(config.data.directory).exists()) {
        data.fail("directory", "names a folder that does not exist (" + config.data.directory + ")");
    }
    data.rejectUnknown();

    Section logSection = top.child("log");
    config.log.level = logSection.string("level", config.log.level);
    try {
        log::parseLevel(config.log.level);
    } catch (const std::invalid_argument&) {
        logSection.fail("level", "must be one of: error, warning, info, debug, trace");
    }
    config.log.file = resolve(logSection.string("file", ""), baseDir);
    logSection.rejectUnknown();

    top.rejectUnknown();
    return config;
}

}  // namespace deskauth::api
