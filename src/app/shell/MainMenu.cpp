#include "shell/MainMenu.h"

namespace deskauth::app {

wxMenuBar* createMainMenu(bool showTesterItems) {
    auto* file = new wxMenu;
    file->Append(wxID_EXIT, "&Quit\tCtrl+Q", "Quit DeskAuth");

    auto* session = new wxMenu;
    session->Append(idSignIn, "Sign &In\tCtrl+I", "Sign in with your browser");
    session->Append(idSwitchAccount, wxString::FromUTF8("S&witch Account…\tCtrl+Shift+W"),
                    "Forget the last account and sign in with another one");
    session->Append(idSignInOnAnotherDevice, "Sign In on Another &Device\tCtrl+Shift+I",
                    "Show a code to sign in with a phone or another computer");
    session->Append(idCancelSignIn, "&Cancel Sign-In\tEscape", "Stop waiting for the sign-in");
    session->Append(idSignOut, "Sign &Out\tCtrl+Shift+O", "Sign out and forget the session");
    session->Append(idReload, "&Reload Data\tF5", "Load the data again from the API");
    if (showTesterItems) {
        session->AppendSeparator();
        session->Append(idExpireAccessToken, "Expire &Access Token\tCtrl+Shift+A",
                        "Tester: corrupt the access token so the API rejects it");
        session->Append(idExpireRefreshToken, "Expire Re&fresh Token\tCtrl+Shift+F",
                        "Tester: corrupt the refresh token so the session ends on the next renewal");
    }

    auto* go = new wxMenu;
    go->Append(idBack, "&Back\tAlt+Left", "Go back");
    go->Append(idHome, "&Home\tAlt+Home", "Go to the companies list");

    auto* help = new wxMenu;
    help->Append(idDiagnostics, wxString::FromUTF8("&Diagnostics…"), "Check everything a sign-in needs and copy a report for support");
    help->Append(wxID_ABOUT, "&About DeskAuth", "About DeskAuth");

    auto* bar = new wxMenuBar;
    bar->Append(file, "&File");
    bar->Append(session, "&Session");
    bar->Append(go, "&Go");
    bar->Append(help, "&Help");
    return bar;
}

}  // namespace deskauth::app
