#include "config/NetworkSettings.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/URI.h>

namespace deskauth {

std::string resolveAgainst(const std::string& value, const std::string& baseDir) {
    if (value.empty()) return value;
    Poco::Path path(value);
    if (path.isAbsolute()) return path.toString();
    return Poco::Path(Poco::Path::forDirectory(baseDir)).resolve(path).toString();
}

ProxySettings readProxySettings(JsonSection proxy) {
    ProxySettings settings;
    settings.url = proxy.string("url", "");
    if (!settings.url.empty()) {
        Poco::URI uri;
        try {
            uri = Poco::URI(settings.url);
        } catch (const Poco::SyntaxException&) {
            proxy.fail("url", "is not a valid URL");
        }
        if (uri.getScheme() != "http" || uri.getHost().empty()) proxy.fail("url", "must be http://host:port");
        // A password in a file ends up in every backup and every support bundle.
        if (!uri.getUserInfo().empty()) {
            proxy.fail("url", "must not contain credentials; keep them in the secret store (see docs/configuration.md)");
        }
    }
    settings.noProxy = proxy.string("noProxy", "");
    proxy.rejectUnknown();
    return settings;
}

ExtraCaSettings readExtraCaSettings(JsonSection& tls, const std::string& baseDir, const std::string& hint) {
    ExtraCaSettings settings;
    settings.extraCaFile = tls.resolvePath("extraCaFile", tls.string("extraCaFile", ""), baseDir);
    if (!settings.extraCaFile.empty()) {
        Poco::File file(settings.extraCaFile);
        if (!file.exists() || !file.isFile()) {
            tls.fail("extraCaFile", "names a file that does not exist (" + settings.extraCaFile + ")" + hint);
        }
    }
    settings.extraCaDir = tls.resolvePath("extraCaDir", tls.string("extraCaDir", ""), baseDir);
    if (!settings.extraCaDir.empty()) {
        Poco::File folder(settings.extraCaDir);
        if (!folder.exists() || !folder.isDirectory()) {
            tls.fail("extraCaDir", "names a folder that does not exist (" + settings.extraCaDir + ")" + hint);
        }
    }
    return settings;
}

}  // namespace deskauth
