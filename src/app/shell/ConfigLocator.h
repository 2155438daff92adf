#pragma once
// Where the app looks for its configuration when --config is not given: $DESKAUTH_CONFIG, the
// user's desktop.json ($XDG_CONFIG_HOME/deskauth, Windows: %APPDATA%\DeskAuth), the build tree,
// the machine's (/etc/deskauth, Windows: %PROGRAMDATA%\DeskAuth; UserFolders.h), then the
// packaged default in the installed share folder. wx-free.
// Threads: pure apart from file-existence checks; called on the main thread before the UI starts.
#include <string>
#include <vector>

namespace deskauth::app {

std::vector<std::string> configCandidates(const std::string& executablePath);
// The first candidate that exists, or "" when none does.
std::string locateConfig(const std::string& executablePath);

}  // namespace deskauth::app
