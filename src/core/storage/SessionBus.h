#pragma once
// Whether this process has a D-Bus session bus to reach the Secret Service through, decided the
// way GDBus finds one (DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus, a socket of ours), but
// without its last resort: with neither, GDBus runs `dbus-launch --autolaunch`, which starts a bus
// and, through it, a keyring daemon that outlive the app and are started again on every start
// (issue 21, item 3). The app then keeps its session in memory instead.
//
// Threads: any; reads the environment and stats one path, never blocks.
#include <optional>
#include <string>

namespace deskauth {

// Why there is no session bus (for the fallback notice's details), or nullopt when there is one.
// `busAddress` and `runtimeDir` are the variables' values (nullptr when unset).
std::optional<std::string> missingSessionBus(const char* busAddress, const char* runtimeDir);
// The same for this process's environment.
std::optional<std::string> missingSessionBus();

}  // namespace deskauth
