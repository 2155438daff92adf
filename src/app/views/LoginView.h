#pragma once
// "Sign-in required": what the app is and a prominent Sign In button. While the browser login is
// under way it shows progress, elapsed time, what it waits for (the sign-in server, then the user
// in the browser — said only once the browser was opened),
// Cancel, and a way to copy the sign-in address when the browser did not open. With an account
// remembered, it names it and offers "Switch Account…".
// Reports intents through the hooks; UI thread only.
#include "views/Spinner.h"

#include <wx/button.h>
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

#include <chrono>
#include <functional>

namespace deskauth::app {

class LoginView final : public wxPanel {
public:
    explicit LoginView(wxWindow* parent);

    std::function<void()> onSignIn;
    std::function<void()> onCancel;
    std::function<void()> onSignInOnAnotherDevice;
    std::function<void()> onSwitchAccount;

    // Offers "Sign in on another device" (RFC 8628) while ready to sign in.
    void offerDeviceSignIn(bool offered);
    bool offersDeviceSignIn() const { return deviceOffered_; }

    // The account the next sign-in names ("Signing in as …") and "Switch Account…" while ready
    // to sign in; "" hides both.
    void offerAccountSwitch(const wxString& account);
    wxString rememberedAccount() const { return remembered_; }

    // Ready to sign in, with an optional neutral message ("You have signed out.").
    void showIdle(const wxString& message = {});
    // A sign-in was asked for: "Contacting the sign-in server…" until setAuthorizationUrl().
    void showWaiting();
    // At start-up, while the saved session is read from the secret store.
    void showStarting();
    // The browser was (or was not) started with this address.
    void setAuthorizationUrl(const wxString& url, bool browserOpened);
    // Ready to sign in, with the reason the last attempt failed (in red, with its error ID).
    void showProblem(const wxString& message, const wxString& errorId);
    // What the waiting line says ("" when hidden).
    wxString waitingFor() const { return waiting_->IsShown() ? waiting_->GetLabel() : wxString(); }
    // The label of the sign-in button ("Sign In"; "Sign In Again" while a sign-in waits).
    wxString signInLabel() const { return signIn_->GetLabel(); }
    // The message line as the user sees it ("" when hidden).
    wxString message() const;
    // True while the view shows the sign-in address for copying because no browser opened.
    bool offersLink() const { return link_->IsShown(); }

private:
    void updateElapsed();
    void showIdleWith(const wxString& message, const wxColour& colour);

    wxButton* signIn_;
    wxButton* cancel_;
    wxButton* copyLink_;
    wxTextCtrl* link_;  // the address itself, selectable, when the browser did not open
    wxButton* otherDevice_;
    wxStaticText* account_;
    wxButton* switchAccount_;
    wxString remembered_;  // what offerAccountSwitch() was last told
    bool deviceOffered_ = false;
    Spinner* spinner_;
    wxStaticText* waiting_;
    wxStaticText* elapsed_;
    wxStaticText* message_;
    wxTimer timer_;
    wxString url_;
    bool browserShown_ = false;  // setAuthorizationUrl() came for this sign-in
    std::chrono::steady_clock::time_point started_;
};

}  // namespace deskauth::app
