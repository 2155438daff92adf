#include "shell/DisplayCheck.h"

#include <Poco/Environment.h>

namespace deskauth::app {

bool hasDisplay() {
#if defined(_WIN32)
    // Windows has no display variable to look at: the desktop is always there for a GUI process
    // (see the header). Checking DISPLAY here made every plain start exit with "no display found".
    return true;
#else
    return !Poco::Environment::get("DISPLAY", "").empty() || !Poco::Environment::get("WAYLAND_DISPLAY", "").empty();
#endif
}

}  // namespace deskauth::app
