#include "shell/GlProbe.h"

#include <cstdlib>

namespace deskauth::app {
namespace {

bool weSetIt = false;

}  // namespace

void skipGlProbe() {
#if defined(__WXGTK__)
    if (std::getenv("GDK_GL") == nullptr) weSetIt = ::setenv("GDK_GL", "disable", 0) == 0;
#endif
}

void restoreGlSetting() {
#if defined(__WXGTK__)
    if (weSetIt) ::unsetenv("GDK_GL");
    weSetIt = false;
#endif
}

}  // namespace deskauth::app
