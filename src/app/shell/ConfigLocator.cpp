#include "shell/ConfigLocator.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>

namespace deskauth::app {

std::vector<std::string> configCandidates(const std::string& executablePath) {
    std::vector<std::string> candidates;
    if (auto env = Poco::Environment::get("DESKAUTH_CONFIG", ""); !env.empty()) candidates.push_back(env);
    std::string configHome = Poco::Environment::get("XDG_CONFIG_HOME", "");
    if (configHome.empty()) configHome = Poco::Path::home() + ".config";
    candidates.push_back(configHome + "/deskauth/desktop.json");
    const Poco::Path exeDir = Poco::Path(executablePath).makeAbsolute().parent();
    candidates.push_back(Poco::Path(exeDir).resolve("../../../config/desktop.json").toString());  // build/<preset>/src/app
    // The organisation's configuration in /etc comes before the packaged template, which a
    // package upgrade replaces.
    candidates.push_back("/etc/deskauth/desktop.json");
    candidates.push_back(Poco::Path(exeDir).resolve("../share/deskauth/desktop.json").toString());
    return candidates;
}

std::string locateConfig(const std::string& executablePath) {
    for (const auto& candidate : configCandidates(executablePath)) {
        if (Poco::File(candidate).exists()) return candidate;
    }
    return {};
}

}  // namespace deskauth::app
