#include "shell/UserFolders.h"

#include <Poco/Environment.h>
#include <Poco/Path.h>

namespace deskauth::app {

#if defined(_WIN32)
namespace {

// A known folder from its environment variable (set by Windows for every logon session; tests
// point it elsewhere), with DeskAuth's own folder appended. Windows paths, backslashes.
std::string knownFolder(const char* variable, const std::string& below) {
    std::string base = Poco::Environment::get(variable, "");
    if (base.empty()) base = Poco::Path::home();  // never seen on Windows; a defined fallback
    if (base.back() != '\\' && base.back() != '/') base += '\\';
    return base + below;
}

}  // namespace

std::string userConfigFile() { return knownFolder("APPDATA", "DeskAuth\\desktop.json"); }
std::string machineConfigFile() { return knownFolder("PROGRAMDATA", "DeskAuth\\desktop.json"); }
std::string defaultLogFile() { return knownFolder("LOCALAPPDATA", "DeskAuth\\Logs\\deskauth.log"); }
std::string stateFile() { return knownFolder("LOCALAPPDATA", "DeskAuth\\state.json"); }
std::string rememberedAccountFile() { return knownFolder("LOCALAPPDATA", "DeskAuth\\account"); }

#else

std::string userConfigFile() {
    std::string configHome = Poco::Environment::get("XDG_CONFIG_HOME", "");
    if (configHome.empty()) configHome = Poco::Path::home() + ".config";
    return configHome + "/deskauth/desktop.json";
}
std::string machineConfigFile() { return "/etc/deskauth/desktop.json"; }
std::string defaultLogFile() { return {}; }
namespace {
// $XDG_STATE_HOME/deskauth/ (XDG Base Directory: state that survives a restart, not configuration)
std::string stateFolder() {
    std::string stateHome = Poco::Environment::get("XDG_STATE_HOME", "");
    if (stateHome.empty()) stateHome = Poco::Path::home() + ".local/state";
    return stateHome + "/deskauth/";
}
}  // namespace
std::string stateFile() { return stateFolder() + "state.json"; }
std::string rememberedAccountFile() { return stateFolder() + "account"; }

#endif

}  // namespace deskauth::app
