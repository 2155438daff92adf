#include "views/ErrorView.h"

#include "views/Theme.h"

#include <wx/artprov.h>
#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/sizer.h>
#include <wx/statbmp.h>

namespace deskauth::app {

ErrorView::ErrorView(wxWindow* parent) : wxPanel(parent, wxID_ANY) {
    SetName("view.error");
    auto* icon = new wxStaticBitmap(this, wxID_ANY, wxArtProvider::GetBitmap(wxART_ERROR, wxART_MESSAGE_BOX));
    auto* title = new wxStaticText(this, wxID_ANY, "Something went wrong");
    title->SetFont(theme::scaled(this, 1.5, true));
    message_ = new wxStaticText(this, wxID_ANY, "");
    message_->SetFont(theme::scaled(this, 1.1));
    errorId_ = new wxStaticText(this, wxID_ANY, "");
    errorId_->SetForegroundColour(theme::muted());
    errorId_->SetName("error.id");

    detailsPane_ = new wxCollapsiblePane(this, wxID_ANY, "Technical details");
    details_ = new wxTextCtrl(detailsPane_->GetPane(), wxID_ANY, "", wxDefaultPosition, FromDIP(wxSize(560, 120)),
                              wxTE_MULTILINE | wxTE_READONLY);
    auto* paneSizer = new wxBoxSizer(wxVERTICAL);
    paneSizer->Add(details_, wxSizerFlags(1).Expand());
    detailsPane_->GetPane()->SetSizer(paneSizer);

    auto* copy = new wxButton(this, wxID_COPY, "Copy details");
    auto* retry = new wxButton(this, wxID_REFRESH, "Try again");
    auto* home = new wxButton(this, wxID_HOME, "Home");
    retry->SetDefault();

    auto* heading = new wxBoxSizer(wxHORIZONTAL);
    heading->Add(icon, wxSizerFlags().CenterVertical().Border(wxRIGHT, 12));
    heading->Add(title, wxSizerFlags().CenterVertical());
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(retry, wxSizerFlags().Border(wxRIGHT, 8));
    buttons->Add(home, wxSizerFlags().Border(wxRIGHT, 8));
    buttons->Add(copy);

    auto* column = new wxBoxSizer(wxVERTICAL);
    column->AddStretchSpacer(1);
    column->Add(heading, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 16));
    column->Add(message_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 8));
    column->Add(errorId_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 16));
    column->Add(buttons, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 16));
    column->Add(detailsPane_, wxSizerFlags().CenterHorizontal());
    column->AddStretchSpacer(2);
    SetSizer(column);

    retry->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onTryAgain) onTryAgain(); });
    home->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onHome) onHome(); });
    copy->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (wxTheClipboard->Open()) {
            wxTheClipboard->SetData(new wxTextDataObject(copyText(report_)));
            wxTheClipboard->Close();
        }
    });
    detailsPane_->Bind(wxEVT_COLLAPSIBLEPANE_CHANGED, [this](wxCollapsiblePaneEvent&) { Layout(); });
}

wxString ErrorView::copyText(const ErrorReport& report) {
    return "DeskAuth error " + report.errorId + " (" + report.code + ")\n" + report.message + "\n\n" + report.details;
}

void ErrorView::showError(const ErrorReport& report) {
    report_ = report;
    message_->SetLabel(report.message);
    message_->Wrap(FromDIP(640));
    errorId_->SetLabel("Error ID: " + report.errorId + "   (code: " + report.code + ")");
    details_->SetValue(report.details);
    detailsPane_->Collapse();
    Layout();
}

}  // namespace deskauth::app
