#include "ApiConfiguration.h"

#include "config/JsonSection.h"
#include "config/SettingsDocument.h"
#include "errors/Errors.h"
#include "log/Log.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

#include <fstream>
#include <sstream>

namespace deskauth::api {
namespace {

using Poco::JSON::Object;

std::string existingFile(JsonSection& section, const std::string& field, const std::string& path, const std::string& hint) {
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
    const Object::Ptr root = parseSettingsDocument(json, sourceName);

    ApiConfiguration config;
    config.sourceFile = sourceName;
    JsonSection top(root, "", sourceName);
    const std::string certsHint = "; run scripts/dev-certs to create the development certificates";

    JsonSection server = top.child("server");
    config.server.port = server.integer("port", config.server.port, 0, 65535);
    config.server.certificateFile = existingFile(
        server, "certificateFile", resolveAgainst(server.string("certificateFile", "", true), baseDir), certsHint);
    config.server.privateKeyFile = existingFile(
        server, "privateKeyFile", resolveAgainst(server.string("privateKeyFile", "", true), baseDir), certsHint);
    config.server.maxThreads = server.integer("maxThreads", config.server.maxThreads, 2, 1000);
    config.server.requestTimeoutSeconds = server.integer("requestTimeoutSeconds", config.server.requestTimeoutSeconds, 1, 300);
    config.server.keepAliveTimeoutSeconds =
        server.integer("keepAliveTimeoutSeconds", config.server.keepAliveTimeoutSeconds, 1, 300);
    server.rejectUnknown();

    JsonSection oauth = top.child("oauth");
    config.oauth.issuer = oauth.string("issuer", "", true);
    requireHttpsIssuer(config.oauth.issuer, sourceName);
    config.oauth.audience = oauth.string("audience", config.oauth.audience);
    if (config.oauth.audience.empty()) oauth.fail("audience", "must not be empty");
    config.oauth.requiredScope = oauth.string("requiredScope", config.oauth.requiredScope);
    if (config.oauth.requiredScope.empty()) oauth.fail("requiredScope", "must not be empty");
    config.oauth.regionsClaim = oauth.string("regionsClaim", config.oauth.regionsClaim);
    if (config.oauth.regionsClaim.empty()) oauth.fail("regionsClaim", "must not be empty");
    config.oauth.validation = oauth.string("validation", config.oauth.validation);
    if (config.oauth.validation != "jwt" && config.oauth.validation != "introspection") {
        oauth.fail("validation", "must be one of: jwt, introspection");
    }
    config.oauth.algorithms = oauth.nonEmptyStringSet("algorithms", config.oauth.algorithms);
    for (const auto& alg : config.oauth.algorithms) {
        // RFC 8725 §3.1: an allow-list of asymmetric algorithms; never "none", never HMAC.
        static const std::set<std::string> allowed{"RS256", "RS384", "RS512", "ES256", "ES384", "ES512"};
        if (!allowed.count(alg)) oauth.fail("algorithms", "may only list RS256/384/512 and ES256/384/512, not '" + alg + "'");
    }
    config.oauth.clockSkewSeconds = oauth.integer("clockSkewSeconds", config.oauth.clockSkewSeconds, 0, 300);
    config.oauth.dpopNonce = oauth.boolean("dpopNonce", config.oauth.dpopNonce);
    config.oauth.dpopNonceLifetimeSeconds =
        oauth.integer("dpopNonceLifetimeSeconds", config.oauth.dpopNonceLifetimeSeconds, 10, 86400);
    config.oauth.dpopProofWindowSeconds = oauth.integer("dpopProofWindowSeconds", config.oauth.dpopProofWindowSeconds, 5, 600);
    config.oauth.jwksRefetchIntervalSeconds =
        oauth.integer("jwksRefetchIntervalSeconds", config.oauth.jwksRefetchIntervalSeconds, 0, 3600);
    JsonSection introspection = oauth.child("introspection");
    const bool introspects = config.oauth.validation == "introspection";
    config.oauth.introspectionClientId = introspection.string("clientId", "", introspects);
    config.oauth.introspectionClientSecret = introspection.string("clientSecret", "", introspects);
    introspection.rejectUnknown();
    oauth.rejectUnknown();

    JsonSection cache = top.child("claimsCache");
    config.claimsCache.maxEntries = cache.integer("maxEntries", config.claimsCache.maxEntries, 1, 1000000);
    cache.rejectUnknown();

    JsonSection tls = top.child("tls");
    config.tls = readExtraCaSettings(tls, baseDir, certsHint);
    tls.rejectUnknown();

    config.proxy = readProxySettings(top.child("proxy"));

    JsonSection http = top.child("http");
    config.http.connectTimeoutSeconds = http.integer("connectTimeoutSeconds", config.http.connectTimeoutSeconds, 1, 60);
    config.http.requestTimeoutSeconds = http.integer("requestTimeoutSeconds", config.http.requestTimeoutSeconds, 1, 120);
    http.rejectUnknown();

    JsonSection data = top.child("data");
    config.data.directory = resolveAgainst(data.string("directory", "", true), baseDir);
    if (!Poco::File(config.data.directory).exists()) {
        data.fail("directory", "names a folder that does not exist (" + config.data.directory + ")");
    }
    data.rejectUnknown();

    JsonSection logSection = top.child("log");
    config.log.level = logSection.string("level", config.log.level);
    try {
        log::parseLevel(config.log.level);
    } catch (const std::invalid_argument&) {
        logSection.fail("level", "must be one of: error, warning, info, debug, trace");
    }
    config.log.file = resolveAgainst(logSection.string("file", ""), baseDir);
    logSection.rejectUnknown();

    top.rejectUnknown();
    return config;
}

}  // namespace deskauth::api
