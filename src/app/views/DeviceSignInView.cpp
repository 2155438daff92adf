#include "views/DeviceSignInView.h"

#include "views/QrCodeBitmap.h"
#include "views/Theme.h"

#include <wx/sizer.h>

namespace deskauth::app {

DeviceSignInView::DeviceSignInView(wxWindow* parent) : wxPanel(parent, wxID_ANY), timer_(this) {
    SetName("view.deviceSignIn");
    auto* title = new wxStaticText(this, wxID_ANY, "Sign in on another device");
    title->SetFont(theme::scaled(this, 1.8, true));
    step1_ = new wxStaticText(this, wxID_ANY, "1. On your phone or another computer, open:");
    step1_->SetFont(theme::scaled(this, 1.1));
    address_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, FromDIP(wxSize(380, -1)), wxTE_READONLY | wxTE_CENTRE);
    address_->SetName("device.address");
    address_->SetFont(theme::scaled(this, 1.2, true));
    step2_ = new wxStaticText(this, wxID_ANY, "2. Sign in there and enter this code:");
    step2_->SetFont(theme::scaled(this, 1.1));
    code_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    code_->SetName("device.userCode");
    wxFont codeFont(wxFontInfo(theme::scaled(this, 2.6).GetPointSize()).Family(wxFONTFAMILY_TELETYPE).Bold());
    code_->SetFont(codeFont);
    code_->SetForegroundColour(theme::brand());
    qr_ = new wxStaticBitmap(this, wxID_ANY, wxNullBitmap);
    qrHint_ = new wxStaticText(this, wxID_ANY, "Or scan this code with your phone:\nit opens the address with the code filled in.",
                               wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    qrHint_->SetForegroundColour(theme::muted());
    spinner_ = new Spinner(this, FromDIP(wxSize(24, 24)));
    status_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    status_->SetForegroundColour(theme::muted());
    cancel_ = new wxButton(this, wxID_CANCEL, "Cancel");
    cancel_->SetName("device.cancel");

    auto* steps = new wxBoxSizer(wxVERTICAL);
    steps->Add(step1_, wxSizerFlags().Border(wxBOTTOM, 6));
    steps->Add(address_, wxSizerFlags().Expand().Border(wxBOTTOM, 18));
    steps->Add(step2_, wxSizerFlags().Border(wxBOTTOM, 6));
    steps->Add(code_, wxSizerFlags().CenterHorizontal());

    auto* scan = new wxBoxSizer(wxVERTICAL);
    scan->Add(qr_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 4));
    scan->Add(qrHint_, wxSizerFlags().CenterHorizontal());

    auto* row = new wxBoxSizer(wxHORIZONTAL);
    row->Add(steps, wxSizerFlags().CenterVertical().Border(wxRIGHT, 36));
    row->Add(scan, wxSizerFlags().CenterVertical());

    auto* waiting = new wxBoxSizer(wxHORIZONTAL);
    waiting->Add(spinner_, wxSizerFlags().CenterVertical().Border(wxRIGHT, 8));
    waiting->Add(status_, wxSizerFlags().CenterVertical());

    auto* column = new wxBoxSizer(wxVERTICAL);
    column->AddStretchSpacer(2);
    column->Add(title, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 24));
    column->Add(row, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 24));
    column->Add(waiting, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 12));
    column->Add(cancel_, wxSizerFlags().CenterHorizontal());
    column->AddStretchSpacer(3);
    SetSizer(column);

    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onCancel) onCancel(); });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { updateCountdown(); });
}

void DeviceSignInView::showRequesting() {
    timer_.Stop();
    for (wxWindow* part : std::initializer_list<wxWindow*>{step1_, address_, step2_, code_, qr_, qrHint_}) part->Hide();
    code_->SetLabel("");
    address_->ChangeValue("");
    status_->SetLabel(L"Getting a sign-in code\u2026");
    spinner_->Show();
    spinner_->Start();
    cancel_->SetFocus();
    Layout();
}

void DeviceSignInView::showCode(const wxString& userCode, const wxString& verificationUri,
                                const wxString& verificationUriComplete, std::chrono::seconds expiresIn) {
    address_->ChangeValue(verificationUri);
    code_->SetLabel(userCode);
    // RFC 8628 §3.3.1: the complete URI (code included) is for a QR code; the user still sees
    // and can type the plain address and code.
    const wxBitmap qr = verificationUriComplete.empty()
                            ? wxBitmap()
                            : qrCodeBitmap(verificationUriComplete.utf8_string(), FromDIP(4));
    qr_->SetBitmap(qr);
    for (wxWindow* part : std::initializer_list<wxWindow*>{step1_, address_, step2_, code_}) part->Show();
    qr_->Show(qr.IsOk());
    qrHint_->Show(qr.IsOk());
    expires_ = std::chrono::steady_clock::now() + expiresIn;
    updateCountdown();
    timer_.Start(1000);
    cancel_->SetFocus();
    Layout();
}

void DeviceSignInView::stop() {
    timer_.Stop();
    spinner_->Stop();
}

void DeviceSignInView::updateCountdown() {
    const auto left = std::chrono::duration_cast<std::chrono::seconds>(expires_ - std::chrono::steady_clock::now()).count();
    const long long seconds = std::max<long long>(0, left);
    status_->SetLabel(wxString::Format(L"Waiting for you to approve on the other device\u2026 The code expires in %lld:%02lld.",
                                       seconds / 60, seconds % 60));
    Layout();
}

}  // namespace deskauth::app
