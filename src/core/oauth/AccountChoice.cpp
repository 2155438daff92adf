#include "oauth/AccountChoice.h"

#include <algorithm>
#include <sstream>

namespace deskauth {

AuthorizationSettings withAccountChoice(AuthorizationSettings settings, const std::vector<std::string>& scopes,
                                        AccountChoice choice, const std::string& rememberedAccount,
                                        const std::vector<std::string>& promptValuesSupported) {
    if (choice == AccountChoice::Remembered) {
        if (settings.loginHint.empty()) settings.loginHint = rememberedAccount;
        return settings;
    }
    const bool selectable = promptValuesSupported.empty() ||
                            std::find(promptValuesSupported.begin(), promptValuesSupported.end(), "select_account") !=
                                promptValuesSupported.end();
    std::string prompt = selectable ? "select_account" : "login";
    std::istringstream effective(effectivePrompt(settings, scopes));
    for (std::string value; effective >> value;) {
        if (value != "none" && value != "login" && value != "select_account") prompt += " " + value;
    }
    settings.prompt = prompt;
    settings.loginHint.clear();  // the user is choosing another account than any hint would name
    return settings;
}

}  // namespace deskauth
