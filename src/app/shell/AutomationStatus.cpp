#include "shell/AutomationStatus.h"

#include <Poco/File.h>
#include <Poco/JSON/Object.h>

#include <fstream>

namespace deskauth::app {

void AutomationStatus::write(const VisibleState& state) {
    if (!enabled()) return;
    Poco::JSON::Object json;
    json.set("sequence", ++sequence_);
    json.set("location", state.location);
    json.set("state", state.state);
    json.set("user", state.user);
    json.set("items", state.items);
    json.set("title", state.title);
    json.set("errorCode", state.errorCode);
    json.set("errorId", state.errorId);
    json.set("loginMessage", state.loginMessage);
    json.set("loginWaitingFor", state.loginWaitingFor);
    json.set("signInLabel", state.signInLabel);
    json.set("notice", state.notice);
    json.set("linkOffered", state.linkOffered);
    json.set("deviceOffered", state.deviceOffered);
    json.set("deviceUserCode", state.deviceUserCode);
    json.set("deviceVerificationUri", state.deviceVerificationUri);
    json.set("active", state.active);
    json.set("rememberedAccount", state.rememberedAccount);
    Poco::JSON::Object menu;
    menu.set("signIn", state.menu.signIn);
    menu.set("signInOnAnotherDevice", state.menu.signInOnAnotherDevice);
    menu.set("cancelSignIn", state.menu.cancelSignIn);
    menu.set("signOut", state.menu.signOut);
    menu.set("expireTokens", state.menu.expireTokens);
    menu.set("back", state.menu.back);
    menu.set("switchAccount", state.menu.switchAccount);
    json.set("menu", menu);
    const std::string temporary = file_ + ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        json.stringify(out);
    }
    Poco::File(temporary).renameTo(file_);
}

void AutomationStatus::watch(wxEvtHandler& window, std::function<VisibleState()> snapshot) {
    if (!enabled()) return;
    snapshot_ = std::move(snapshot);
    window.Bind(wxEVT_IDLE, [this](wxIdleEvent& event) {
        event.Skip();
        VisibleState now = snapshot_();
        if (written_ && now == last_) return;
        write(now);
        last_ = std::move(now);
        written_ = true;
    });
}

}  // namespace deskauth::app
