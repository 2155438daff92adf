#include "storage/ProxyLogin.h"

#include "log/Log.h"

#if defined(__linux__)
#include <libsecret/secret.h>
#endif

namespace deskauth {

#if defined(__linux__)

std::optional<ProxyLogin> lookupProxyLogin(const std::string& host, int port) {
    static const SecretSchema schema = [] {
        SecretSchema s{};
        s.name = "com.deskauth.ProxyLogin";
        s.flags = SECRET_SCHEMA_DONT_MATCH_NAME;
        s.attributes[0] = {"app", SECRET_SCHEMA_ATTRIBUTE_STRING};
        s.attributes[1] = {"proxy", SECRET_SCHEMA_ATTRIBUTE_STRING};
        return s;
    }();
    const std::string proxy = host + ":" + std::to_string(port);
    GError* error = nullptr;
    gchar* secret = secret_password_lookup_sync(&schema, nullptr, &error, "app", "deskauth-proxy", "proxy",
                                                proxy.c_str(), nullptr);
    if (error) {
        log::get("http").warning("no proxy login for %s from the secret store: %s", proxy, std::string(error->message));
        g_error_free(error);
        return std::nullopt;
    }
    if (!secret) return std::nullopt;
    const std::string value = secret;
    secret_password_free(secret);
    const auto colon = value.find(':');
    if (colon == std::string::npos) {
        log::get("http").warning("the proxy login stored for %s is not user:password; ignored", proxy);
        return std::nullopt;
    }
    return ProxyLogin{value.substr(0, colon), value.substr(colon + 1)};
}

#else

std::optional<ProxyLogin> lookupProxyLogin(const std::string&, int) { return std::nullopt; }

#endif

std::optional<std::pair<std::string, std::string>> proxyLoginPair(const std::string& host, int port) {
    if (auto login = lookupProxyLogin(host, port)) return std::pair{login->user, login->password};
    return std::nullopt;
}

}  // namespace deskauth
