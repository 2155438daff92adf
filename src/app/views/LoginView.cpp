#include "views/LoginView.h"

#include "views/Theme.h"

#include <wx/clipbrd.h>
#include <wx/sizer.h>

namespace deskauth::app {

LoginView::LoginView(wxWindow* parent) : wxPanel(parent, wxID_ANY), timer_(this) {
    SetName("view.login");
    auto* title = new wxStaticText(this, wxID_ANY, "Sign in to DeskAuth");
    title->SetFont(theme::scaled(this, 1.8, true));
    auto* about = new wxStaticText(
        this, wxID_ANY,
        "DeskAuth shows your companies and their investments.\n"
        "You sign in with your company account in your usual web browser,\n"
        "so your password manager and single sign-on work as always.",
        wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    about->SetForegroundColour(theme::muted());

    signIn_ = new wxButton(this, wxID_ANY, "Sign In", wxDefaultPosition, FromDIP(wxSize(220, 48)));
    signIn_->SetFont(theme::scaled(this, 1.3, true));
    signIn_->SetName("login.signIn");
    signIn_->SetDefault();

    spinner_ = new Spinner(this, FromDIP(wxSize(32, 32)));
    waiting_ = new wxStaticText(this, wxID_ANY, "",
                                wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    waiting_->SetFont(theme::scaled(this, 1.1, true));
    waiting_->SetName("login.waiting");
    elapsed_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    elapsed_->SetForegroundColour(theme::muted());
    cancel_ = new wxButton(this, wxID_CANCEL, "Cancel");
    cancel_->SetName("login.cancel");
    copyLink_ = new wxButton(this, wxID_ANY, "Copy sign-in link");
    copyLink_->SetToolTip("If the browser did not open, paste this link into one.");
    copyLink_->SetName("login.copyLink");
    link_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, FromDIP(wxSize(560, -1)), wxTE_READONLY);
    link_->SetName("login.link");
    link_->SetForegroundColour(theme::muted());
    message_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    message_->SetName("login.message");
    otherDevice_ = new wxButton(this, wxID_ANY, "Sign in on another device");
    otherDevice_->SetName("login.otherDevice");
    otherDevice_->SetToolTip("No browser here, or it cannot reach DeskAuth? Sign in with your phone or another computer.");
    account_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxALIGN_CENTRE_HORIZONTAL);
    account_->SetName("login.account");
    account_->SetForegroundColour(theme::muted());
    switchAccount_ = new wxButton(this, wxID_ANY, wxString::FromUTF8("Switch Account…"));
    switchAccount_->SetName("login.switchAccount");
    switchAccount_->SetToolTip("Sign in with another account: the sign-in page lets you choose one.");

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    buttons->Add(cancel_, wxSizerFlags().Border(wxRIGHT, 8));
    buttons->Add(copyLink_);

    auto* column = new wxBoxSizer(wxVERTICAL);
    column->AddStretchSpacer(2);
    column->Add(title, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 12));
    column->Add(about, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 28));
    column->Add(account_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 6));
    column->Add(signIn_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 8));
    column->Add(switchAccount_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 8));
    column->Add(otherDevice_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 20));
    column->Add(spinner_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 8));
    column->Add(waiting_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 4));
    column->Add(elapsed_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 12));
    column->Add(buttons, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 12));
    column->Add(link_, wxSizerFlags().CenterHorizontal().Border(wxBOTTOM, 12));
    column->Add(message_, wxSizerFlags().CenterHorizontal().Border(wxALL, 8));
    column->AddStretchSpacer(3);
    SetSizer(column);

    signIn_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onSignIn) onSignIn(); });
    cancel_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onCancel) onCancel(); });
    otherDevice_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onSignInOnAnotherDevice) onSignInOnAnotherDevice(); });
    switchAccount_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { if (onSwitchAccount) onSwitchAccount(); });
    copyLink_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (!url_.empty() && wxTheClipboard->Open()) {
            wxTheClipboard->SetData(new wxTextDataObject(url_));
            wxTheClipboard->Close();
        }
    });
    Bind(wxEVT_TIMER, [this](wxTimerEvent&) { updateElapsed(); });
    showIdle();
}

void LoginView::showIdle(const wxString& message) { showIdleWith(message, theme::muted()); }

void LoginView::showIdleWith(const wxString& message, const wxColour& colour) {
    timer_.Stop();
    spinner_->Stop();
    spinner_->Hide();
    waiting_->Hide();
    elapsed_->Hide();
    cancel_->Hide();
    copyLink_->Hide();
    link_->Hide();
    otherDevice_->Show(deviceOffered_);
    account_->Show(!remembered_.empty());
    switchAccount_->Show(!remembered_.empty());
    signIn_->SetLabel("Sign In");
    signIn_->Enable();
    message_->SetForegroundColour(colour);
    message_->SetLabel(message);
    message_->Show(!message.empty());
    Layout();
}

wxString LoginView::message() const { return message_->IsShown() ? message_->GetLabel() : wxString(); }

void LoginView::showStarting() {
    showIdleWith(L"Opening your saved session\u2026", theme::muted());
    signIn_->Disable();
}

void LoginView::showWaiting() {
    started_ = std::chrono::steady_clock::now();
    browserShown_ = false;
    // What is awaited now: the server's configuration, before there is a page to open.
    waiting_->SetLabel(L"Contacting the sign-in server\u2026");
    signIn_->SetLabel("Sign In Again");  // a closed tab is retried with the same button
    otherDevice_->Hide();
    account_->Hide();
    switchAccount_->Hide();
    message_->Hide();
    spinner_->Show();
    spinner_->Start();
    waiting_->Show();
    elapsed_->Show();
    cancel_->Show();
    updateElapsed();
    timer_.Start(1000);
    Layout();
    cancel_->SetFocus();  // Space or Enter stops the wait; Sign In Again is a click away
}

void LoginView::setAuthorizationUrl(const wxString& url, bool browserOpened) {
    url_ = url;
    browserShown_ = true;
    copyLink_->Show();
    link_->ChangeValue(url);
    link_->Show(!browserOpened);
    if (!browserOpened) {
        waiting_->SetLabel("The browser could not be opened. Copy the sign-in link into a browser on this computer.");
        copyLink_->SetFocus();
    } else {
        waiting_->SetLabel("Finish signing in in your browser, then return here.");
    }
    Layout();
}

void LoginView::offerDeviceSignIn(bool offered) {
    deviceOffered_ = offered;
    if (!offered) otherDevice_->Hide();
    else if (!spinner_->IsShown()) otherDevice_->Show();
    Layout();
}

void LoginView::offerAccountSwitch(const wxString& account) {
    remembered_ = account;
    account_->SetLabel(account.empty() ? wxString() : "Signing in as " + account);
    const bool shown = !account.empty() && !spinner_->IsShown();
    account_->Show(shown);
    switchAccount_->Show(shown);
    Layout();
}

void LoginView::showProblem(const wxString& message, const wxString& errorId) {
    showIdleWith(errorId.empty() ? message : message + "\nError ID: " + errorId, theme::errorRed());
}

void LoginView::updateElapsed() {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - started_).count();
    elapsed_->SetLabel(wxString::Format(browserShown_ ? "Waiting for the browser: %lld:%02lld" : "Waiting for the server: %lld:%02lld",
                                        static_cast<long long>(seconds / 60),
                                        static_cast<long long>(seconds % 60)));
    Layout();
}

}  // namespace deskauth::app
