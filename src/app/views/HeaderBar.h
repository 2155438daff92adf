#pragma once
// The band at the top of the window: product name and who is signed in.
// Threads: UI thread only, like every wx window.
#include <wx/panel.h>
#include <wx/stattext.h>

namespace deskauth::app {

class HeaderBar final : public wxPanel {
public:
    explicit HeaderBar(wxWindow* parent);
    // Empty name = signed out.
    void setUser(const wxString& name, const wxString& detail = {});

private:
    wxStaticText* user_;
};

}  // namespace deskauth::app
