#include "storage/SessionBus.h"

#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

namespace deskauth {

std::optional<std::string> missingSessionBus(const char* busAddress, const char* runtimeDir) {
    if (busAddress && *busAddress) return std::nullopt;  // GDBus uses it, whatever it says
    if (runtimeDir && *runtimeDir) {
        // GDBus takes $XDG_RUNTIME_DIR/bus only when it is a socket owned by this user.
        const std::string bus = std::string(runtimeDir) + "/bus";
        struct stat info {};
        if (::stat(bus.c_str(), &info) == 0 && S_ISSOCK(info.st_mode) && info.st_uid == ::geteuid()) return std::nullopt;
    }
    return std::string("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set and there is no bus socket in "
                       "XDG_RUNTIME_DIR; not starting one (dbus-launch --autolaunch) that would outlive DeskAuth");
}

std::optional<std::string> missingSessionBus() {
    return missingSessionBus(std::getenv("DBUS_SESSION_BUS_ADDRESS"), std::getenv("XDG_RUNTIME_DIR"));
}

}  // namespace deskauth
