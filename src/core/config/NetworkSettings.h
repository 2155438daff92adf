#pragma once
// The `proxy` and `tls` settings both the app (config/desktop.json) and the API (config/api.json)
// read, with the same fields, defaults and checks, so the two cannot drift apart.
// Threads: value types; read from any thread.
#include "config/JsonSection.h"

#include <string>

namespace deskauth {

struct ProxySettings {
    std::string url;      // http://host:port without credentials; empty = HTTPS_PROXY from the environment
    std::string noProxy;  // comma-separated hosts; empty = NO_PROXY from the environment
};

struct ExtraCaSettings {
    std::string extraCaFile;  // a PEM bundle trusted in addition to the system CAs
    std::string extraCaDir;   // a folder of PEM files (*.pem, *.crt, *.cer) trusted likewise
};

// Reads `proxy` (url, noProxy) and rejects unknown fields. Throws ConfigurationError.
ProxySettings readProxySettings(JsonSection proxy);
// Reads `tls.extraCaFile` and `tls.extraCaDir` (relative to `baseDir` or their layer's folder, must exist); does not reject
// unknown fields, so a caller may read more from the section. `hint` ends a "does not exist" message.
ExtraCaSettings readExtraCaSettings(JsonSection& tls, const std::string& baseDir, const std::string& hint = "");

// `value` resolved against `baseDir` unless absolute; "" stays "".
std::string resolveAgainst(const std::string& value, const std::string& baseDir);

}  // namespace deskauth
