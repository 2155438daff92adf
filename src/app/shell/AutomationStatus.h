#pragma once
// For end-to-end tests only (--automation-status FILE): after every visible change the app writes
// what it shows (location, view state, user, row count, last error) as JSON, atomically, so a
// test driving the real app through X11 can assert on it. Contains no secrets.
//
// An observer: watch() looks at the window each time the UI thread goes idle (after every event,
// CallAfter step or navigation) and writes only when what it sees changed, so no handler has to
// remember to publish. UI thread only.
#include "shell/MenuState.h"

#include <wx/event.h>

#include <functional>
#include <string>

namespace deskauth::app {

struct VisibleState {
    std::string location;
    std::string state;  // idle, waiting, loading, loaded, error
    std::string user;
    int items = -1;
    std::string title;
    std::string errorCode;
    std::string errorId;
    std::string loginMessage;  // the sign-in view's message line, when it shows one
    std::string loginWaitingFor;  // the sign-in view's waiting line ("Contacting the sign-in server…"), when shown
    std::string signInLabel;   // the sign-in view's button ("Sign In", "Sign In Again" while waiting)
    std::string notice;        // the info bar's message, while it is shown
    bool linkOffered = false;  // the sign-in view offers the address to copy (no browser opened)
    bool deviceOffered = false;  // the sign-in view offers "Sign in on another device"
    std::string deviceUserCode;         // shown by the device sign-in view
    std::string deviceVerificationUri;  // shown by the device sign-in view
    bool active = false;  // the window is the active (foreground) window
    std::string rememberedAccount;  // the account the sign-in view says the next sign-in names
    MenuState menu;       // which menu items are enabled (Expire: false without the tester menu)

    bool operator==(const VisibleState&) const = default;
};

class AutomationStatus {
public:
    explicit AutomationStatus(std::string file) : file_(std::move(file)) {}
    bool enabled() const { return !file_.empty(); }
    void write(const VisibleState& state);
    // Writes `snapshot()` whenever it differs from the last one written, checked on each idle
    // event of `window`. Does nothing when not enabled.
    void watch(wxEvtHandler& window, std::function<VisibleState()> snapshot);

private:
    std::string file_;
    std::function<VisibleState()> snapshot_;
    VisibleState last_;
    bool written_ = false;
    int sequence_ = 0;
};

}  // namespace deskauth::app
