#include "shell/MenuState.h"

namespace deskauth::app {

MenuState menuStateFor(const MenuInputs& inputs) {
    MenuState menu;
    menu.back = inputs.canGoBack;
    if (inputs.phase == "waiting" || inputs.phase == "device") {
        menu.cancelSignIn = true;
        menu.signIn = inputs.phase == "waiting";  // another attempt of the same login (a new tab)
        return menu;
    }
    if (inputs.phase == "starting") return menu;  // the saved session is being opened
    if (inputs.signedIn) {
        menu.signOut = true;
        menu.expireTokens = true;
    } else {
        menu.signIn = true;
        menu.signInOnAnotherDevice = inputs.deviceSignInOffered;
        menu.switchAccount = inputs.accountRemembered;
    }
    return menu;
}

}  // namespace deskauth::app
