#include "views/HeaderBar.h"

#include "views/Theme.h"

#include <wx/sizer.h>

namespace deskauth::app {

HeaderBar::HeaderBar(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetBackgroundColour(theme::brand());
    auto* title = new wxStaticText(this, wxID_ANY, "DeskAuth");
    title->SetForegroundColour(theme::brandText());
    title->SetFont(theme::scaled(this, 1.5, true));
    user_ = new wxStaticText(this, wxID_ANY, "Not signed in", wxDefaultPosition, wxDefaultSize, wxALIGN_RIGHT);
    user_->SetForegroundColour(theme::brandText());
    user_->SetFont(theme::scaled(this, 1.1));
    user_->SetName("header.user");

    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(title, wxSizerFlags().CenterVertical().Border(wxALL, 12));
    row->AddStretchSpacer();
    row->Add(user_, wxSizerFlags().CenterVertical().Border(wxALL, 12));
    SetSizer(row);
}

void HeaderBar::setUser(const wxString& name, const wxString& detail) {
    if (name.empty()) {
        user_->SetLabel("Not signed in");
    } else {
        user_->SetLabel(detail.empty() ? "Signed in as " + name : "Signed in as " + name + L"  \u00B7  " + detail);
    }
    Layout();
}

}  // namespace deskauth::app
