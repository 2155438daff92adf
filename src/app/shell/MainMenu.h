#pragma once
// The menu bar: File (Quit), Session (Sign In/Out, Switch Account…, Reload, tester items), Go (Back, Home),
// Help (Diagnostics…, About). Standard IDs so each platform puts About/Quit where it expects them.
// Threads: UI thread only (it builds wx menus).
#include <wx/menu.h>

namespace deskauth::app {

enum MenuId {
    idSignIn = wxID_HIGHEST + 1,
    idSwitchAccount,
    idSignInOnAnotherDevice,
    idCancelSignIn,
    idSignOut,
    idReload,
    idExpireAccessToken,
    idExpireRefreshToken,
    idBack,
    idHome,
    idDiagnostics,
};

wxMenuBar* createMainMenu(bool showTesterItems);

}  // namespace deskauth::app
