#include "support/TestPaths.h"

#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Process.h>

#include <stdexcept>

namespace deskauth::test {

std::string sourceDir() { return DESKAUTH_SOURCE_DIR; }

std::string nativePath(const std::string& path) { return Poco::Path(path).toString(); }

std::string nodeExecutable() { return DESKAUTH_NODE; }

std::string devCertsDir() {
    const std::string dir = sourceDir() + "/.devcerts";
    if (!Poco::File(dir + "/ca.pem").exists() || !Poco::File(dir + "/server.pem").exists()) {
        Poco::ProcessHandle handle = Poco::Process::launch("bash", {sourceDir() + "/scripts/dev-certs", dir});
        if (handle.wait() != 0) throw std::runtime_error("scripts/dev-certs failed");
    }
    return dir;
}

std::string desktopConfigJson(const std::string& authority, const std::string& apiBaseUrl, int firstPort, int lastPort,
                              int loginTimeoutSeconds) {
    const std::string root = sourceDir();
    return R"({
  "oauth": {"authority": ")" + authority + R"(", "clientId": "deskauth-desktop",
            "scopes": ["openid", "profile", "email", "offline_access", "api.read"],
            "loginTimeoutSeconds": )" + std::to_string(loginTimeoutSeconds) + R"(},
  "redirect": {"mode": "loopback", "loopbackPorts": {"first": )" + std::to_string(firstPort) +
           R"(, "last": )" + std::to_string(lastPort) + R"(}},
  "api": {"baseUrl": ")" + apiBaseUrl + R"("},
  "pages": {"loginSuccess": ")" + root + R"(/resources/pages/login-success.html",
            "loginError": ")" + root + R"(/resources/pages/login-error.html"},
  "tls": {"extraCaFile": ")" + devCertsDir() + R"(/ca.pem"},
  "log": {"level": "debug"}
})";
}

}  // namespace deskauth::test
