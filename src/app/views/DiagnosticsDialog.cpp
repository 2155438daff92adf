#include "views/DiagnosticsDialog.h"

#include "views/Spinner.h"
#include "views/Theme.h"

#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

namespace deskauth::app {
namespace {

wxColour colourOf(CheckStatus status) {
    switch (status) {
    case CheckStatus::Ok: return wxColour(0x1E, 0x7B, 0x34);
    case CheckStatus::Warning: return wxColour(0x9A, 0x5B, 0x00);
    case CheckStatus::Problem: return theme::errorRed();
    case CheckStatus::Skipped: return theme::muted();
    }
    return theme::muted();
}

}  // namespace

DiagnosticsDialog::DiagnosticsDialog(wxWindow* parent, std::function<DiagnosticReport()> checks)
    : wxDialog(parent, wxID_ANY, "DeskAuth Diagnostics", wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER),
      checks_(std::move(checks)) {
    auto* intro = new wxStaticText(this, wxID_ANY,
                                   "What DeskAuth needs to sign you in, checked on this computer. Nothing here "
                                   "contains a token, so the report is safe to send to support.");
    intro->Wrap(FromDIP(760));
    spinner_ = new Spinner(this);
    summary_ = new wxStaticText(this, wxID_ANY, "");
    summary_->SetFont(theme::scaled(summary_, 1.1, true));
    auto* summaryRow = new wxBoxSizer(wxHORIZONTAL);
    summaryRow->Add(spinner_, wxSizerFlags().CenterVertical().Border(wxRIGHT));
    summaryRow->Add(summary_, wxSizerFlags(1).CenterVertical());

    list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(820, 330)), wxLC_REPORT | wxLC_SINGLE_SEL);
    list_->AppendColumn("Result", wxLIST_FORMAT_LEFT, FromDIP(80));
    list_->AppendColumn("Check", wxLIST_FORMAT_LEFT, FromDIP(180));
    list_->AppendColumn("What was found, and what to do", wxLIST_FORMAT_LEFT, FromDIP(1200));

    details_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, FromDIP(wxSize(820, 110)),
                              wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP);

    copy_ = new wxButton(this, wxID_ANY, "&Copy report");
    again_ = new wxButton(this, wxID_ANY, "&Run again");
    auto* close = new wxButton(this, wxID_CLOSE, "Close");
    SetEscapeId(wxID_CLOSE);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(copy_, wxSizerFlags().Border(wxRIGHT));
    buttons->Add(again_);
    buttons->AddStretchSpacer();
    buttons->Add(close);

    auto* layout = new wxBoxSizer(wxVERTICAL);
    layout->Add(intro, wxSizerFlags().Expand().Border(wxALL, FromDIP(12)));
    layout->Add(summaryRow, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT, FromDIP(12)));
    layout->Add(list_, wxSizerFlags(1).Expand().Border(wxALL, FromDIP(12)));
    layout->Add(details_, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12)));
    layout->Add(buttons, wxSizerFlags().Expand().Border(wxLEFT | wxRIGHT | wxBOTTOM, FromDIP(12)));
    SetSizerAndFit(layout);

    copy_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { copyReport(); });
    again_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { runChecks(); });
    list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent& event) { showDetails(event.GetIndex()); });
    close->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); });
    runChecks();
}

void DiagnosticsDialog::runChecks() {
    if (running_) return;
    running_ = true;
    list_->DeleteAllItems();
    details_->Clear();
    summary_->SetLabel(wxString::FromUTF8("Checking… (the keyring may ask to be unlocked)"));
    summary_->SetForegroundColour(theme::muted());
    spinner_->Show();
    spinner_->Start();
    copy_->Disable();
    again_->Disable();
    Layout();
    work_.run([this, checks = checks_] {
        DiagnosticReport report = checks();
        return [this, report] { show(report); };
    });
}

void DiagnosticsDialog::show(const DiagnosticReport& report) {
    running_ = false;
    report_ = report;
    spinner_->Stop();
    spinner_->Hide();
    for (const auto& result : report.results()) {
        const long row = list_->InsertItem(list_->GetItemCount(), toString(result.status));
        list_->SetItem(row, 1, wxString::FromUTF8(result.check));
        std::string text = result.finding;
        if (!result.advice.empty()) text += " — What to do: " + result.advice;
        list_->SetItem(row, 2, wxString::FromUTF8(text));
        list_->SetItemTextColour(row, colourOf(result.status));
    }
    // The first line that needs attention is shown in full at once.
    long first = 0;
    for (long row = 0; row < static_cast<long>(report.results().size()); ++row) {
        const CheckStatus status = report.results()[static_cast<std::size_t>(row)].status;
        if (status == CheckStatus::Problem || status == CheckStatus::Warning) {
            first = row;
            break;
        }
    }
    if (list_->GetItemCount() > 0) list_->SetItemState(first, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                                      wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    summary_->SetLabel(wxString::FromUTF8(report.summary()));
    summary_->SetForegroundColour(report.blocksSignIn() ? theme::errorRed() : colourOf(CheckStatus::Ok));
    copy_->Enable();
    again_->Enable();
    Layout();
}

void DiagnosticsDialog::showDetails(long row) {
    if (row < 0 || row >= static_cast<long>(report_.results().size())) return;
    const CheckResult& result = report_.results()[static_cast<std::size_t>(row)];
    std::string text = std::string(toString(result.status)) + " — " + result.check + ": " + result.finding;
    if (!result.advice.empty()) text += "\n\nWhat to do: " + result.advice;
    details_->ChangeValue(wxString::FromUTF8(text));
}

void DiagnosticsDialog::copyReport() {
    if (!wxTheClipboard->Open()) return;
    wxTheClipboard->SetData(new wxTextDataObject(wxString::FromUTF8("DeskAuth " DESKAUTH_VERSION " diagnostics\n" + report_.text())));
    wxTheClipboard->Close();
    summary_->SetLabel(wxString::FromUTF8(report_.summary()) + "  (report copied)");
}

}  // namespace deskauth::app
