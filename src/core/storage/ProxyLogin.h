#pragma once
// The user name and password of an authenticating HTTP proxy, kept in the OS secret store and
// never in a configuration file. Linux: a Secret Service item with the attributes
// app=deskauth-proxy and proxy=<host>:<port>, whose secret is "<user>:<password>"; store it with
//   secret-tool store --label='DeskAuth proxy' app deskauth-proxy proxy proxy.example.com:3128
// (any schema name matches, so secret-tool's items are found). Other platforms: none yet.
// Threads: blocking (a D-Bus round trip, perhaps an unlock prompt); call off the UI thread.
#include <optional>
#include <string>
#include <utility>

namespace deskauth {

struct ProxyLogin {
    std::string user;
    std::string password;
};

// nullopt when nothing is stored for that proxy or the store cannot be reached (logged, no value).
std::optional<ProxyLogin> lookupProxyLogin(const std::string& host, int port);
// The same as the user/password pair a transport asks for (TransportSettings::proxyLogin).
std::optional<std::pair<std::string, std::string>> proxyLoginPair(const std::string& host, int port);

}  // namespace deskauth
