#pragma once
// Whether the UI has a display to open its windows on (else Startup says "no display found" and
// exits instead of letting the toolkit fail). wx-free.
// Threads: reads the environment only; called on the main thread before the UI starts.

namespace deskauth::app {

// Windows: always true. DISPLAY and WAYLAND_DISPLAY are X11 / Wayland variables that Windows never
// sets; a GUI-subsystem process always runs on its session's window station and desktop.
// Elsewhere (X11, Wayland): true when DISPLAY or WAYLAND_DISPLAY is set.
bool hasDisplay();

}  // namespace deskauth::app
