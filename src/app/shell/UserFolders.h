#pragma once
// The per-user and per-machine folders of this platform's conventions, for the configuration
// lookup (ConfigLocator), the default log file and the remembered account name. wx-free.
//   Windows: %APPDATA%\DeskAuth (roaming: the user's settings follow them between machines),
//            %PROGRAMDATA%\DeskAuth (what IT deploys for every user of the machine),
//            %LOCALAPPDATA%\DeskAuth\Logs (local: logs belong to this machine and must not roam).
//   Elsewhere (XDG Base Directory): $XDG_CONFIG_HOME/deskauth (default ~/.config/deskauth) and
//            /etc/deskauth; no default log file (stderr reaches the terminal or the journal).
// Threads: read the environment only; safe from any thread.
#include <string>

namespace deskauth::app {

// The user's own desktop.json.
std::string userConfigFile();
// The organisation's desktop.json for every user of the machine.
std::string machineConfigFile();
// The app's own state between runs (navigation/SavedPlace), never anything secret.
// Windows: %LOCALAPPDATA%\DeskAuth\state.json (it belongs to this machine); elsewhere
// $XDG_STATE_HOME/deskauth/state.json (default ~/.local/state, XDG Base Directory 0.8).
std::string stateFile();
// Where the app logs when the configuration names no log.file: "" = stderr only. Windows: a
// GUI-subsystem process has no console, so its stderr goes nowhere.
std::string defaultLogFile();
// Where the last signed-in account name is kept for the next sign-in's login_hint
// (storage/RememberedAccount; not a secret, not a token): $XDG_STATE_HOME/deskauth/account
// (default ~/.local/state), on Windows %LOCALAPPDATA%\DeskAuth\account (it names this machine's
// last user, so it does not roam).
std::string rememberedAccountFile();

}  // namespace deskauth::app
