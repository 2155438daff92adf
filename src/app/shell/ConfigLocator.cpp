#include "shell/ConfigLocator.h"

#include "shell/UserFolders.h"

#include <Poco/Environment.h>
#include <Poco/File.h>
#include <Poco/Path.h>

namespace deskauth::app {

std::vector<std::string> configCandidates(const std::string& executablePath) {
    std::vector<std::string> candidates;
    if (auto env = Poco::Environment::get("DESKAUTH_CONFIG", ""); !env.empty()) candidates.push_back(env);
    candidates.push_back(userConfigFile());
    const Poco::Path exeDir = Poco::Path(executablePath).makeAbsolute().parent();
    // A development build (build/<preset>/src/app/deskauth) runs with the repository's config; an
    // installed copy never looks outside its own prefix and /etc.
    if (Poco::File(Poco::Path(exeDir).resolve("../../CMakeCache.txt")).exists()) {
        candidates.push_back(Poco::Path(exeDir).resolve("../../../../config/desktop.json").toString());
    }
    // The organisation's configuration (/etc, %PROGRAMDATA%) comes before the packaged template,
    // which a package upgrade replaces.
    candidates.push_back(machineConfigFile());
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
