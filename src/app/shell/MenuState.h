#pragma once
// Which Session and Go menu items mean something in the window's present state: Sign In only
// while signed out (and while a browser sign-in waits: it opens the sign-in again, for a user who
// closed the tab), Cancel Sign-In only while a sign-in is under way, Sign Out and the tester's
// Expire items only while signed in, Switch Account… while signed out with an account
// remembered (it forgets it and lets the user choose at the provider). Pure, wx-free (unit-tested); UI thread.
#include <string>

namespace deskauth::app {

struct MenuInputs {
    bool signedIn = false;
    std::string phase;  // ShellState::phase of the view shown: starting, idle, waiting, device, ...
    bool deviceSignInOffered = false;  // the server offers RFC 8628 and the configuration allows it
    bool canGoBack = false;
    bool accountRemembered = false;  // a sign-in names the last account (RememberedAccount)
};

struct MenuState {
    bool signIn = false;
    bool signInOnAnotherDevice = false;
    bool cancelSignIn = false;
    bool signOut = false;
    bool expireTokens = false;  // Expire Access Token, Expire Refresh Token (tester menu)
    bool back = false;
    bool switchAccount = false;  // Switch Account…: signed out, with an account remembered

    bool operator==(const MenuState&) const = default;
};

MenuState menuStateFor(const MenuInputs& inputs);

}  // namespace deskauth::app
