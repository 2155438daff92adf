#pragma once
// "Sign in on another device" (RFC 8628): the address to open on a phone or another computer,
// the code to type there (and a QR code of the address with the code in it), how long the code
// stays valid, and Cancel. Shown while the app polls for the user's approval.
// Reports intents through the hooks; UI thread only.
#include "views/Spinner.h"

#include <wx/button.h>
#include <wx/panel.h>
#include <wx/statbmp.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/timer.h>

#include <chrono>
#include <functional>

namespace deskauth::app {

class DeviceSignInView final : public wxPanel {
public:
    explicit DeviceSignInView(wxWindow* parent);

    std::function<void()> onCancel;

    // While the server is asked for a code.
    void showRequesting();
    void showCode(const wxString& userCode, const wxString& verificationUri, const wxString& verificationUriComplete,
                  std::chrono::seconds expiresIn);
    // Stops the countdown (the view is left).
    void stop();

    wxString userCode() const { return code_->GetLabel(); }
    wxString verificationUri() const { return address_->GetValue(); }

private:
    void updateCountdown();

    wxStaticText* step1_;
    wxTextCtrl* address_;
    wxStaticText* step2_;
    wxStaticText* code_;
    wxStaticBitmap* qr_;
    wxStaticText* qrHint_;
    Spinner* spinner_;
    wxStaticText* status_;
    wxButton* cancel_;
    wxTimer timer_;
    std::chrono::steady_clock::time_point expires_;
};

}  // namespace deskauth::app
