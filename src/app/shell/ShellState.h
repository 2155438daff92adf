#pragma once
// What the window is doing, beyond what its views show: the phase of the current view (starting,
// idle, waiting, device, loading, loaded, error), the row count, the last error and the info
// bar's message. The shell's controllers set it as they act; AutomationStatus observes it.
// Plain data; UI thread only.
#include <string>

namespace deskauth::app {

struct ShellState {
    std::string phase;
    int items = -1;
    std::string errorCode;
    std::string errorId;
    std::string notice;  // the info bar's message while it is shown

    void setPhase(std::string next, int count = -1) {
        phase = std::move(next);
        items = count;
    }
    void setError(std::string code, std::string id) {
        errorCode = std::move(code);
        errorId = std::move(id);
    }
    // A new sign-in, or one that succeeded: the error shown before belongs to the past.
    void clearError() { setError({}, {}); }
};

}  // namespace deskauth::app
