#pragma once
// A friendly error: message, error ID, expandable technical details, Copy details, Try again and
// Home. UI thread only.
#include <wx/collpane.h>
#include <wx/panel.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <functional>

namespace deskauth::app {

struct ErrorReport {
    wxString message;
    wxString errorId;
    wxString code;
    wxString details;  // technical, already free of secrets
};

class ErrorView final : public wxPanel {
public:
    explicit ErrorView(wxWindow* parent);

    std::function<void()> onTryAgain;
    std::function<void()> onHome;

    void showError(const ErrorReport& report);
    static wxString copyText(const ErrorReport& report);

private:
    wxStaticText* message_;
    wxStaticText* errorId_;
    wxCollapsiblePane* detailsPane_;
    wxTextCtrl* details_;
    ErrorReport report_;
};

}  // namespace deskauth::app
